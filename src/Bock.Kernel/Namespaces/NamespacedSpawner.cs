using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Kernel.Namespaces;

/// <summary>
/// Starts a process inside new or joined namespaces without forking managed code: a fresh OS thread joins (setns)
/// and creates (unshare) the namespaces — both act on the calling thread only — and then posix_spawns, so the child
/// inherits them and, for a new pid namespace, becomes its PID 1. The thread is tainted and simply ends.
/// The cgroup namespace is left to the child, which must first be moved into its cgroup.
/// </summary>
public static class NamespacedSpawner
{
    /// <param name="prepareThread">Runs first on the spawning thread, e.g. to move it into the child's cgroup.</param>
    public static int Spawn(IReadOnlyList<NamespaceSpec> namespaces, Func<int> spawn, Action? prepareThread = null)
    {
        var pid = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                prepareThread?.Invoke();
                Enter(namespaces);
                pid = spawn();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 256 * 1024) { Name = "bock-spawn", IsBackground = true };
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw failure;
        return pid;
    }

    private static void Enter(IReadOnlyList<NamespaceSpec> namespaces)
    {
        // Open every namespace file first: once the mount namespace is joined, host paths no longer resolve.
        var joins = new List<(int Fd, int Flag, string Path)>();
        try
        {
            foreach (var ns in namespaces)
                if (ns.Path is { } path && ns.Type != "cgroup")
                    joins.Add((Unistd.Open(path, Unistd.O_RDONLY), NamespaceKind.CloneFlag(ns.Type), path));

            // setns into a mount namespace refuses a thread that shares its fs struct with others.
            Sched.Unshare(Sched.CLONE_FS);
            foreach (var (fd, flag, path) in joins.OrderBy(j => j.Flag == Sched.CLONE_NEWNS ? 1 : 0))
                Sched.Setns(fd, flag, path);
        }
        finally
        {
            foreach (var join in joins)
                Unistd.Close(join.Fd);
        }

        var flags = 0;
        foreach (var ns in namespaces)
            if (ns.Path is null && ns.Type != "cgroup")
                flags |= NamespaceKind.CloneFlag(ns.Type);
        if (flags != 0)
            Sched.Unshare(flags);
    }
}
