using System.Runtime.ExceptionServices;
using Bock.Kernel.Native;

namespace Bock.Kernel.Tests.Netlink;

/// <summary>Runs a function on a new thread that has joined a network namespace (e.g. to make a socket there); the thread then ends.</summary>
internal static class InNamespace
{
    public static T Run<T>(int netnsFd, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Sched.Setns(netnsFd, Sched.CLONE_NEWNET, "test netns");
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
}
