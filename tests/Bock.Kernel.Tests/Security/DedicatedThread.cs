using System.Runtime.ExceptionServices;

namespace Bock.Kernel.Tests.Security;

/// <summary>
/// Runs a function on a new OS thread that ends afterwards: capability sets, bounding set, no_new_privs and (with
/// raw system calls) credentials are per thread, so the test host's other threads keep theirs.
/// </summary>
internal static class DedicatedThread
{
    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>A field of /proc/thread-self/status, e.g. "Uid" → "1000\t1000\t1000\t1000".</summary>
    public static string StatusField(string name) =>
        File.ReadLines("/proc/thread-self/status")
            .First(line => line.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
}
