using System.Runtime.InteropServices;

namespace Bock.Kernel.Cgroups;

/// <summary>Walks of a cgroup directory and its descendants, shared by both drivers.</summary>
internal static class CgroupTree
{
    /// <summary>rmdir is refused (EBUSY) until the last task has left; killed processes need a moment to exit and
    /// be released, so retry with doubling delays: about 1.3 s in all before giving up.</summary>
    private const int RemoveAttempts = 8;
    private const int FirstDelayMs = 10;

    /// <summary>Process ids in <paramref name="directory"/> and every descendant cgroup.</summary>
    public static IReadOnlyList<int> Pids(string directory)
    {
        var pids = new List<int>();
        Collect(directory, pids);
        return pids;

        static void Collect(string dir, List<int> into)
        {
            if (!Directory.Exists(dir))
                return;
            into.AddRange(CgroupFiles.ReadPids(dir));
            foreach (var child in SafeChildren(dir))
                Collect(child, into);
        }
    }

    /// <summary>Removes <paramref name="directory"/>, children first. A missing directory is success.</summary>
    public static void Remove(string directory)
    {
        var delay = FirstDelayMs;
        for (var attempt = 1; ; attempt++)
        {
            if (!Directory.Exists(directory))
                return;
            foreach (var child in SafeChildren(directory))
                Remove(child);
            if (CgroupNative.Rmdir(directory) == 0)
                return;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == CgroupNative.ENOENT)
                return;
            // EBUSY: tasks still attached; ENOTEMPTY: a child cgroup appeared meanwhile (walk again).
            if ((errno != CgroupNative.EBUSY && errno != CgroupNative.ENOTEMPTY) || attempt == RemoveAttempts)
            {
                var left = CgroupFiles.ReadPids(directory);
                var who = left.Count > 0 ? $" (processes still inside: {string.Join(' ', left)})" : "";
                throw new CgroupException($"{directory}: rmdir: {CgroupNative.Describe(errno)}{who}", errno);
            }
            Thread.Sleep(delay);
            delay *= 2;
        }
    }

    /// <summary>Sends <paramref name="signal"/> to each pid; a process that already exited is not an error.</summary>
    public static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            if (CgroupNative.Kill(pid, signal) == 0)
                continue;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != CgroupNative.ESRCH)
                throw new CgroupException($"kill({pid}, {signal}): {CgroupNative.Describe(errno)}", errno);
        }
    }

    /// <summary>Creates each missing level of <paramref name="relativePath"/> below <paramref name="mountPoint"/>,
    /// calling <paramref name="onLevel"/> with (parent, child, created) top-down so drivers can prepare each level.</summary>
    public static void CreateLevels(string mountPoint, string relativePath, Action<string, string, bool>? onLevel = null)
    {
        // Another container's Destroy may remove a shared, empty parent (bock/) between our mkdirs: start again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var current = mountPoint;
                foreach (var part in relativePath.Split('/'))
                {
                    var next = System.IO.Path.Combine(current, part);
                    var created = CgroupFiles.Mkdir(next);
                    onLevel?.Invoke(current, next, created);
                    current = next;
                }
                return;
            }
            catch (CgroupException e) when (e.Errno == CgroupNative.ENOENT && attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// After a container's cgroup is gone, removes the parents it made (<c>bock/</c>) if nothing else uses them, up to
    /// the hierarchy's root, so that no empty directory of ours outlives the last container. A parent still in use
    /// refuses (ENOTEMPTY/EBUSY) and stays.
    /// </summary>
    public static void RemoveEmptyParents(string mountPoint, string relativePath)
    {
        var parent = System.IO.Path.GetDirectoryName(System.IO.Path.Combine(mountPoint, relativePath));
        while (parent is not null && parent.Length > mountPoint.TrimEnd('/').Length && parent.StartsWith(mountPoint, StringComparison.Ordinal))
        {
            if (CgroupNative.Rmdir(parent) != 0)
                return;
            parent = System.IO.Path.GetDirectoryName(parent);
        }
    }

    private static string[] SafeChildren(string directory)
    {
        try
        {
            return Directory.GetDirectories(directory);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
