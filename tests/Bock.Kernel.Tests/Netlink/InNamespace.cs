using Bock.Kernel.Native;
using Bock.Kernel.Tests.Security;

namespace Bock.Kernel.Tests.Netlink;

/// <summary>Runs a function on a new thread that has joined a network namespace (e.g. to make a socket there); the thread then ends.</summary>
internal static class InNamespace
{
    public static T Run<T>(int netnsFd, Func<T> work) => DedicatedThread.Run(() =>
    {
        Sched.Setns(netnsFd, Sched.CLONE_NEWNET, "test netns");
        return work();
    });
}
