using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Kernel.Rootfs;

/// <summary>The device nodes every container gets, plus <c>linux.devices</c>, and the /dev symlinks runc creates.</summary>
public static class DeviceNodes
{
    private const uint S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;
    private const uint Mode666 = 0b110_110_110;

    public static readonly IReadOnlyList<DeviceSpec> Defaults =
    [
        new() { Type = "c", Path = "/dev/null", Major = 1, Minor = 3, FileMode = Mode666, Uid = 0, Gid = 0 },
        new() { Type = "c", Path = "/dev/zero", Major = 1, Minor = 5, FileMode = Mode666, Uid = 0, Gid = 0 },
        new() { Type = "c", Path = "/dev/full", Major = 1, Minor = 7, FileMode = Mode666, Uid = 0, Gid = 0 },
        new() { Type = "c", Path = "/dev/random", Major = 1, Minor = 8, FileMode = Mode666, Uid = 0, Gid = 0 },
        new() { Type = "c", Path = "/dev/urandom", Major = 1, Minor = 9, FileMode = Mode666, Uid = 0, Gid = 0 },
        new() { Type = "c", Path = "/dev/tty", Major = 5, Minor = 0, FileMode = Mode666, Uid = 0, Gid = 0 },
    ];

    /// <summary>The device-cgroup rules runc always allows on top of the spec's, so that the default nodes work.</summary>
    public static readonly IReadOnlyList<DeviceCgroupRuleSpec> DefaultAllowRules =
    [
        new() { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 1, Minor = 7, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 1, Minor = 8, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 1, Minor = 9, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 5, Minor = 0, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 5, Minor = 1, Access = "rwm" },   // /dev/console
        new() { Allow = true, Type = "c", Major = 5, Minor = 2, Access = "rwm" },   // /dev/ptmx
        new() { Allow = true, Type = "c", Major = 136, Minor = null, Access = "rwm" }, // /dev/pts/*
        new() { Allow = true, Type = "c", Major = 10, Minor = 200, Access = "rwm" }, // /dev/net/tun
    ];

    public static void Create(int rootFd, IReadOnlyList<DeviceSpec>? extra)
    {
        var wanted = new Dictionary<string, DeviceSpec>(StringComparer.Ordinal);
        foreach (var device in Defaults) wanted[device.Path] = device;
        foreach (var device in extra ?? []) wanted[device.Path] = device;
        foreach (var device in wanted.Values)
            CreateNode(rootFd, device);
    }

    private static void CreateNode(int rootFd, DeviceSpec device)
    {
        var parent = Path.GetDirectoryName(device.Path)!;
        var dirFd = SecurePath.OpenOrCreate(rootFd, parent, asDirectory: true);
        try
        {
            var target = $"{SecurePath.ProcPath(dirFd)}/{Path.GetFileName(device.Path)}";
            var type = device.Type switch { "b" => S_IFBLK, "p" => S_IFIFO, _ => S_IFCHR };
            var mode = (device.FileMode ?? Mode666) & 0xFFF;
            if (File.Exists(target) || Directory.Exists(target))
                File.Delete(target);
            Unistd.Mknod(target, type | mode, MakeDev(device.Major, device.Minor));
            Unistd.Chown(target, device.Uid ?? 0, device.Gid ?? 0);
            Unistd.Chmod(target, mode); // mknod's mode is filtered by the umask
        }
        finally
        {
            Unistd.Close(dirFd);
        }
    }

    private static ulong MakeDev(long major, long minor)
    {
        var ma = (ulong)major;
        var mi = (ulong)minor;
        return ((ma & 0xfffff000UL) << 32) | ((ma & 0xfffUL) << 8) | ((mi & 0xffffff00UL) << 12) | (mi & 0xffUL);
    }

    /// <summary>/dev/fd, stdin, stdout, stderr (and core where the kernel has /proc/kcore), created through a /dev
    /// resolved inside the root: a /dev symlink planted in the image cannot send them elsewhere.</summary>
    public static void CreateSymlinks(int rootFd)
    {
        var devFd = SecurePath.OpenOrCreate(rootFd, "/dev", asDirectory: true);
        try
        {
            var dev = SecurePath.ProcPath(devFd);
            (string Target, string Name)[] links =
            [
                ("/proc/self/fd", "fd"), ("/proc/self/fd/0", "stdin"), ("/proc/self/fd/1", "stdout"), ("/proc/self/fd/2", "stderr"),
                ("pts/ptmx", "ptmx"),
            ];
            foreach (var (target, name) in links)
            {
                // A ptmx node left by an image would shadow the devpts instance.
                if (name == "ptmx" && File.Exists($"{dev}/ptmx")) File.Delete($"{dev}/ptmx");
                var error = Unistd.TrySymlink(target, $"{dev}/{name}");
                if (error != 0 && error != Unistd.EEXIST)
                    throw new KernelException($"symlink /dev/{name}", error);
            }
            if (File.Exists("/proc/kcore"))
                Unistd.TrySymlink("/proc/kcore", $"{dev}/core");
        }
        finally
        {
            Unistd.Close(devFd);
        }
    }
}
