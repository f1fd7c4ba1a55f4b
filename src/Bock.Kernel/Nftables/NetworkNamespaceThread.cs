using System.Runtime.ExceptionServices;

namespace Bock.Kernel.Nftables;

/// <summary>
/// Runs work inside the network namespace at a path (e.g. /run/netns/NAME): setns changes only the calling thread,
/// so it is done on a fresh thread that then ends. Processes it starts and /proc/sys/net files it opens belong to
/// that namespace. Without a path the work runs on the caller's thread, in the caller's namespace.
/// </summary>
internal static class NetworkNamespaceThread
{
    public static T Run<T>(string? netnsPath, Func<T> work)
    {
        if (netnsPath is null)
            return work();

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Namespaces.NetworkNamespace.Enter(netnsPath);
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, 256 * 1024) { Name = "bock-netns", IsBackground = true };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
