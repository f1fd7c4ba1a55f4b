using Bock.Kernel.Native;

namespace Bock.Kernel.Rootfs;

/// <summary>
/// Resolves a path inside a container root with openat2(RESOLVE_IN_ROOT), creating what is missing, so that a
/// symlink in the image can never redirect a mount or a device outside the root (runc CVE-2021-30465).
/// The result is an O_PATH fd; callers act on <c>/proc/self/fd/N</c>, never on the path string again.
/// </summary>
public static class SecurePath
{
    private const ulong InRoot = OpenAt2.RESOLVE_IN_ROOT | OpenAt2.RESOLVE_NO_MAGICLINKS;

    public static int OpenRoot(string rootfs) => Unistd.Open(rootfs, Unistd.O_PATH | Unistd.O_DIRECTORY);

    /// <summary>Opens <paramref name="path"/> (absolute, as seen from inside the root) as an O_PATH fd; creates missing
    /// parents as directories and the last component as a directory or an empty file.</summary>
    public static int OpenOrCreate(int rootFd, string path, bool asDirectory, uint mode = 0b111_101_101 /* 0755 */)
    {
        var relative = path.TrimStart('/');
        if (relative.Length == 0)
        {
            var self = OpenAt2.TryOpen(rootFd, ".", Unistd.O_PATH, InRoot);
            return self >= 0 ? self : throw new KernelException("open / of the container root", -self);
        }

        var fd = OpenAt2.TryOpen(rootFd, relative, Unistd.O_PATH, InRoot);
        if (fd >= 0) return fd;
        if (-fd != Unistd.ENOENT) throw new KernelException($"resolve {path} inside the container root", -fd);

        // Walk the path one component at a time, creating what is missing. A component that is a dangling
        // symlink is followed by hand, its target taken relative to the root (as RESOLVE_IN_ROOT would).
        var remaining = new LinkedList<string>(relative.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = "";
        var parent = OpenDirectory(rootFd, ".");
        var links = 0;
        try
        {
            while (remaining.First is { } first)
            {
                var name = first.Value;
                remaining.RemoveFirst();
                if (name == ".") continue;
                var candidate = current.Length == 0 ? name : $"{current}/{name}";
                var next = OpenAt2.TryOpen(rootFd, candidate, Unistd.O_PATH, InRoot);
                if (next == -Unistd.ENOENT && name != ".." && FileAt.TryReadLink(parent, name) is { } target)
                {
                    if (++links > 40)
                        throw new KernelException($"resolve {path} inside the container root", 40 /* ELOOP */);
                    foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                        remaining.AddFirst(part);
                    if (target.StartsWith('/'))
                    {
                        Unistd.Close(parent);
                        parent = -1;
                        parent = OpenDirectory(rootFd, ".");
                        current = "";
                    }
                    continue;
                }
                if (next == -Unistd.ENOENT)
                {
                    var last = remaining.Count == 0;
                    var error = last && !asDirectory ? FileAt.TryCreateFile(parent, name, 0b110_100_100 /* 0644 */) : FileAt.TryMkdir(parent, name, mode);
                    if (error != 0 && error != Unistd.EEXIST)
                        throw new KernelException($"create /{candidate} inside the container root", error);
                    next = OpenAt2.TryOpen(rootFd, candidate, Unistd.O_PATH, InRoot);
                }
                if (next < 0) throw new KernelException($"resolve /{candidate} inside the container root", -next);
                Unistd.Close(parent);
                parent = next;
                // Keep the resolved form: ".." and symlinks were handled by the kernel inside the root.
                current = candidate;
            }
            var result = parent;
            parent = -1;
            return result;
        }
        finally
        {
            if (parent >= 0) Unistd.Close(parent);
        }
    }

    private static int OpenDirectory(int rootFd, string path)
    {
        var fd = OpenAt2.TryOpen(rootFd, path, Unistd.O_PATH | Unistd.O_DIRECTORY, InRoot);
        return fd >= 0 ? fd : throw new KernelException($"open {path} of the container root", -fd);
    }

    /// <summary>The magic link through which an O_PATH fd can be mounted on or opened.</summary>
    public static string ProcPath(int fd) => $"/proc/self/fd/{fd}";
}
