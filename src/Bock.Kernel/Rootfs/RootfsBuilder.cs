using Bock.Kernel.Cgroups;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Kernel.Rootfs;

/// <summary>
/// Builds the container's filesystem view from inside its new mount namespace, in runc's order: make the host's
/// mounts unreachable by propagation, bind the rootfs onto itself, perform the spec's mounts (every destination
/// resolved inside the root), create /dev, then (after the createRuntime/createContainer hooks) pivot_root.
/// </summary>
/// <param name="cgroupMounts">The container's own cgroup directories, for a <c>cgroup</c> mount in the spec.</param>
public sealed class RootfsBuilder(RuntimeSpec spec, string bundle, string rootfs, IReadOnlyList<CgroupMount> cgroupMounts)
{
    private const ulong RAMFS_MAGIC = 0x858458f6;

    public string Rootfs { get; } = rootfs;

    public void PrepareMounts()
    {
        var rootPropagation = spec.Linux?.RootfsPropagation is { } p ? MountOptions.PropagationFlags[p] : MountOptions.MS_SLAVE | MountOptions.MS_REC;
        // Nothing we mount below may propagate back to the host.
        Mount.Do(null, "/", null, rootPropagation, null);
        MakeParentPrivate(Rootfs);
        Mount.Do(Rootfs, Rootfs, "bind", MountOptions.MS_BIND | MountOptions.MS_REC, null);

        var rootFd = SecurePath.OpenRoot(Rootfs);
        try
        {
            var mountsDev = false;
            foreach (var mount in spec.Mounts ?? [])
            {
                MountOne(rootFd, mount);
                if (mount.Destination.TrimEnd('/') == "/dev") mountsDev = true;
            }
            // A /dev bound from the host already has its nodes; otherwise make ours.
            var devIsHostBind = (spec.Mounts ?? []).Any(m => m.Destination.TrimEnd('/') == "/dev" && MountOptions.Parse(m.Options).IsBind);
            if (!devIsHostBind)
            {
                if (!mountsDev) Unistd.Close(SecurePath.OpenOrCreate(rootFd, "/dev", asDirectory: true));
                DeviceNodes.Create(rootFd, spec.Linux?.Devices);
                DeviceNodes.CreateSymlinks(rootFd);
            }
        }
        finally
        {
            Unistd.Close(rootFd);
        }
    }

    /// <summary>Creates a directory (the process's cwd) inside the root before the switch, resolved safely.</summary>
    public void EnsureDirectory(string path)
    {
        var rootFd = SecurePath.OpenRoot(Rootfs);
        try
        {
            Unistd.Close(SecurePath.OpenOrCreate(rootFd, path, asDirectory: true));
        }
        finally
        {
            Unistd.Close(rootFd);
        }
    }

    private void MountOne(int rootFd, MountSpec mount)
    {
        var options = MountOptions.Parse(mount.Options);
        var type = mount.Type ?? (options.IsBind ? "bind" : "none");
        if (type == "cgroup" || type == "cgroup2")
        {
            MountCgroup(rootFd, mount, options);
            return;
        }

        var source = mount.Source;
        var isBind = options.IsBind || type == "bind";
        if (isBind && source is not null && !source.StartsWith('/'))
            source = Path.Combine(bundle, source);
        if (isBind && source is not null && !Path.Exists(source))
            throw new KernelException($"bind mount {source} on {mount.Destination}: the source does not exist", Unistd.ENOENT);

        var asDirectory = !isBind || Directory.Exists(source);
        var targetFd = SecurePath.OpenOrCreate(rootFd, mount.Destination, asDirectory);
        try
        {
            var target = SecurePath.ProcPath(targetFd);
            var label = $"mount {mount.Destination} (type {type}, source {source ?? "none"})";
            if (isBind)
            {
                Mount.Do(source, target, null, MountOptions.MS_BIND | (options.Recursive ? MountOptions.MS_REC : 0), null, label);
                // Bind mounts ignore other flags on the first call; remount to apply ro/nosuid/… (reopen: the fd
                // still points at the covered directory).
                var extra = options.Flags & ~(MountOptions.MS_BIND | MountOptions.MS_REC | MountOptions.MS_REMOUNT);
                if (extra != 0)
                    RemountBind(rootFd, mount.Destination, extra, label);
            }
            else
            {
                try
                {
                    Mount.Do(source ?? type, target, type, options.Flags, options.Data, label);
                }
                catch (KernelException e) when (type == "sysfs" && e.Errno == 1)
                {
                    // sysfs cannot be mounted without a network namespace of our own: bind the host's, read-only.
                    Mount.Do("/sys", target, null, MountOptions.MS_BIND | MountOptions.MS_REC, null, label);
                    RemountBind(rootFd, mount.Destination, MountOptions.MS_RDONLY | MountOptions.MS_NOSUID | MountOptions.MS_NODEV | MountOptions.MS_NOEXEC, label);
                }
            }
            if (options.Propagation != 0)
                SetPropagation(rootFd, mount.Destination, options.Propagation, label);
        }
        finally
        {
            Unistd.Close(targetFd);
        }
    }

    // The fd opened before mounting points at the covered directory: reopen to reach the new mount.
    private static void SetPropagation(int rootFd, string destination, ulong propagation, string label)
    {
        var fd = SecurePath.OpenOrCreate(rootFd, destination, asDirectory: true);
        try
        {
            Mount.Do(null, SecurePath.ProcPath(fd), null, propagation, null, label + " propagation");
        }
        finally
        {
            Unistd.Close(fd);
        }
    }

    private static void RemountBind(int rootFd, string destination, ulong flags, string label)
    {
        var fd = SecurePath.OpenOrCreate(rootFd, destination, asDirectory: true);
        try
        {
            var path = SecurePath.ProcPath(fd);
            Mount.Do(null, path, null, MountOptions.MS_BIND | MountOptions.MS_REMOUNT | flags | MountInfo.CurrentFlags(path), null, label + " remount");
        }
        finally
        {
            Unistd.Close(fd);
        }
    }

    private void MountCgroup(int rootFd, MountSpec mount, MountOptions options)
    {
        var destination = mount.Destination.TrimEnd('/');
        var readOnly = (options.Flags & MountOptions.MS_RDONLY) != 0;
        const ulong Hardened = MountOptions.MS_NOSUID | MountOptions.MS_NODEV | MountOptions.MS_NOEXEC;
        if (cgroupMounts is [{ Target: "" } unified])
        {
            // The container's own cgroup directory, bound: what a fresh cgroup2 mount in its cgroup namespace would
            // show, without needing that namespace yet (init joins its cgroup while the rootfs is built).
            var targetFd = SecurePath.OpenOrCreate(rootFd, destination, asDirectory: true);
            try
            {
                Mount.Do(unified.Source, SecurePath.ProcPath(targetFd), null, MountOptions.MS_BIND, null, $"bind cgroup on {destination}");
            }
            finally
            {
                Unistd.Close(targetFd);
            }
            if (readOnly) RemountBind(rootFd, destination, MountOptions.MS_RDONLY | Hardened, "cgroup");
            return;
        }

        var tmpfsFd = SecurePath.OpenOrCreate(rootFd, destination, asDirectory: true);
        try
        {
            Mount.Do("tmpfs", SecurePath.ProcPath(tmpfsFd), "tmpfs", Hardened, "mode=755", $"mount tmpfs for cgroups on {destination}");
        }
        finally
        {
            Unistd.Close(tmpfsFd);
        }
        foreach (var cgroup in cgroupMounts)
        {
            var target = $"{destination}/{cgroup.Target}";
            var dirFd = SecurePath.OpenOrCreate(rootFd, target, asDirectory: true);
            try
            {
                Mount.Do(cgroup.Source, SecurePath.ProcPath(dirFd), null, MountOptions.MS_BIND | MountOptions.MS_REC, null, $"bind cgroup {cgroup.Target}");
            }
            finally
            {
                Unistd.Close(dirFd);
            }
            if (readOnly) RemountBind(rootFd, target, MountOptions.MS_RDONLY | Hardened, $"cgroup {cgroup.Target}");
            // Co-mounted hierarchies ("cpu,cpuacct") are also reachable by each name, as on the host.
            if (cgroup.Symlinks.Count > 0)
            {
                var parentFd = SecurePath.OpenOrCreate(rootFd, destination, asDirectory: true);
                try
                {
                    foreach (var alias in cgroup.Symlinks)
                        Unistd.TrySymlink(cgroup.Target, $"{SecurePath.ProcPath(parentFd)}/{alias}");
                }
                finally
                {
                    Unistd.Close(parentFd);
                }
            }
        }
        if (readOnly) RemountBind(rootFd, destination, MountOptions.MS_RDONLY | Hardened, "cgroup tmpfs");
    }

    /// <summary>pivot_root needs the new root's parent mount not to be shared.</summary>
    private static void MakeParentPrivate(string path)
    {
        var mountPoint = MountInfo.FindMountPoint(path);
        if (MountInfo.IsShared(mountPoint))
            Mount.Do(null, mountPoint, null, MountOptions.MS_PRIVATE, null);
    }

    /// <summary>Switches the root: pivot_root, or MS_MOVE + chroot where the root is on ramfs (pivot_root refuses it).</summary>
    public void SwitchRoot(bool noPivot)
    {
        Unistd.Chdir(Rootfs);
        if (noPivot || FileSystemType(Rootfs) == RAMFS_MAGIC)
        {
            Mount.Do(Rootfs, "/", null, MountOptions.MS_MOVE, null, "move the rootfs to /");
            Unistd.Chroot(".");
            Unistd.Chdir("/");
            return;
        }
        var oldRoot = Unistd.Open("/", Unistd.O_DIRECTORY | Unistd.O_RDONLY);
        try
        {
            // pivot_root(".", ".") stacks the old root on top of the new one; detaching it leaves only the new root.
            Mount.PivotRoot(".", ".");
            Unistd.Fchdir(oldRoot);
            Mount.Do(null, ".", null, MountOptions.MS_SLAVE | MountOptions.MS_REC, null, "make the old root a slave");
            Mount.Unmount(".", Mount.MNT_DETACH);
        }
        finally
        {
            Unistd.Close(oldRoot);
        }
        Unistd.Chdir("/");
        if (spec.Linux?.RootfsPropagation is { } p)
            Mount.Do(null, "/", null, MountOptions.PropagationFlags[p], null, "rootfs propagation");
    }

    /// <summary>After the switch: sysctls, then read-only and masked paths, then a read-only root.</summary>
    public void Finish()
    {
        foreach (var (key, value) in spec.Linux?.Sysctl ?? new Dictionary<string, string>())
            WriteSysctl(key, value);
        foreach (var path in spec.Linux?.ReadonlyPaths ?? [])
            MakeReadonly(path);
        foreach (var path in spec.Linux?.MaskedPaths ?? [])
            Mask(path);
        if (spec.Root?.Readonly == true)
            Mount.Do(null, "/", null, MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY | MountInfo.CurrentFlags("/"), null, "remount / read-only");
    }

    private static void WriteSysctl(string key, string value)
    {
        if (key.Contains("..") || key.Contains('/'))
            throw new KernelException($"sysctl {key}: not a sysctl name", Unistd.EINVAL);
        var file = "/proc/sys/" + key.Replace('.', '/');
        try
        {
            File.WriteAllText(file, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KernelException($"sysctl {key}={value}: {e.Message}", Unistd.EINVAL);
        }
    }

    private static void MakeReadonly(string path)
    {
        if (!Path.Exists(path)) return;
        Mount.Do(path, path, null, MountOptions.MS_BIND | MountOptions.MS_REC, null, $"bind {path} for read-only");
        Mount.Do(null, path, null, MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY | MountInfo.CurrentFlags(path), null, $"remount {path} read-only");
    }

    private static void Mask(string path)
    {
        if (Directory.Exists(path))
            Mount.Do("tmpfs", path, "tmpfs", MountOptions.MS_RDONLY, null, $"mask {path}");
        else if (File.Exists(path) || Path.Exists(path))
            Mount.Do("/dev/null", path, null, MountOptions.MS_BIND, null, $"mask {path}");
    }

    private static ulong FileSystemType(string path) => StatFs.FileSystemType(path);
}
