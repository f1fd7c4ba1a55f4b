using Bock.Kernel.Native;

namespace Bock.Kernel.Namespaces;

/// <summary>
/// A network namespace kept alive by a bind mount of its nsfs file (as <c>ip netns add</c> does), so that it exists
/// before the container's process and outlives its restarts; the OCI spec joins it by path.
/// </summary>
public static class NetworkNamespace
{
    private const ulong MS_BIND = 0x1000;
    private const string OwnNamespace = "/proc/thread-self/ns/net";

    /// <summary>
    /// Makes a new namespace at <paramref name="path"/> with <c>lo</c> up. Runs on the calling thread (a kernel
    /// actor's pinned one): unshare moves only this thread, which goes back to its namespace before returning.
    /// </summary>
    public static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (File.Create(path)) { }
        var original = Unistd.Open(OwnNamespace, Unistd.O_RDONLY);
        try
        {
            Sched.Unshare(Sched.CLONE_NEWNET);
            try
            {
                Loopback.BringUp();
                Mount.Do(OwnNamespace, path, null, MS_BIND, null, $"bind the new network namespace to {path}");
            }
            finally
            {
                ReturnTo(original);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            Unistd.Close(original);
        }
    }

    /// <summary>Unmounts and deletes <paramref name="path"/>; the namespace goes once nothing else holds it. Idempotent.</summary>
    public static void Remove(string path)
    {
        Mount.TryUnmount(path, Mount.MNT_DETACH);
        File.Delete(path);
    }

    /// <summary>Runs <paramref name="work"/> on the calling thread while it is inside the namespace at <paramref name="path"/>.</summary>
    public static T Within<T>(string path, Func<T> work)
    {
        var original = Unistd.Open(OwnNamespace, Unistd.O_RDONLY);
        try
        {
            Enter(path);
            try
            {
                return work();
            }
            finally
            {
                ReturnTo(original);
            }
        }
        finally
        {
            Unistd.Close(original);
        }
    }

    /// <summary>Moves the calling thread into the namespace at <paramref name="path"/> (for good: callers return or end the thread).</summary>
    public static void Enter(string path)
    {
        var target = Unistd.Open(path, Unistd.O_RDONLY);
        try
        {
            Sched.Setns(target, Sched.CLONE_NEWNET, path);
        }
        finally
        {
            Unistd.Close(target);
        }
    }

    /// <summary>A thread left in a container's namespace would do the next container's work there: that must never pass silently.</summary>
    private static void ReturnTo(int original)
    {
        try
        {
            Sched.Setns(original, Sched.CLONE_NEWNET, "the thread's own network namespace");
        }
        catch (KernelException e)
        {
            Environment.FailFast($"a kernel thread could not return to its network namespace: {e.Message}");
        }
    }
}
