using Bock.Kernel.Native;

namespace Bock.Kernel.Rootfs;

/// <summary>Reads /proc/self/mountinfo and statvfs: which mount holds a path, how it propagates, its flags.</summary>
public static class MountInfo
{
    /// <summary>The mount point of the mount that contains <paramref name="path"/>.</summary>
    public static string FindMountPoint(string path)
    {
        var best = "/";
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var mountPoint = Unescape(line.Split(' ')[4]);
            if ((path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal)) && mountPoint.Length > best.Length)
                best = mountPoint;
        }
        return best;
    }

    public static bool IsShared(string mountPoint)
    {
        string? found = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
            if (Unescape(line.Split(' ')[4]) == mountPoint)
                found = line; // the last one is the visible one
        if (found is null) return false;
        var fields = found.Split(' ');
        for (var i = 6; i < fields.Length && fields[i] != "-"; i++)
            if (fields[i].StartsWith("shared:", StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>The per-mount flags a remount must repeat, or it would clear them (nosuid, nodev, noexec, atime modes).</summary>
    public static ulong CurrentFlags(string path)
    {
        var f = StatFs.MountFlags(path);
        ulong flags = 0;
        if ((f & 2) != 0) flags |= MountOptions.MS_NOSUID;
        if ((f & 4) != 0) flags |= MountOptions.MS_NODEV;
        if ((f & 8) != 0) flags |= MountOptions.MS_NOEXEC;
        if ((f & 1024) != 0) flags |= MountOptions.MS_NOATIME;
        if ((f & 2048) != 0) flags |= MountOptions.MS_NODIRATIME;
        if ((f & 4096) != 0) flags |= MountOptions.MS_RELATIME;
        return flags;
    }

    // mountinfo escapes space, tab, newline and backslash as octal.
    private static string Unescape(string field) =>
        field.Contains('\\') ? field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\") : field;
}
