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

        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parent = OpenAt2.TryOpen(rootFd, ".", Unistd.O_PATH | Unistd.O_DIRECTORY, InRoot);
        try
        {
            for (var i = 0; i < parts.Length; i++)
            {
                var prefix = string.Join('/', parts, 0, i + 1);
                var last = i == parts.Length - 1;
                var next = OpenAt2.TryOpen(rootFd, prefix, Unistd.O_PATH, InRoot);
                if (next == -Unistd.ENOENT)
                {
                    // Create relative to the parent we resolved safely; a name that is ".." was resolved by the kernel above.
                    var error = last && !asDirectory ? FileAt.TryCreateFile(parent, parts[i], 0b110_100_100 /* 0644 */) : FileAt.TryMkdir(parent, parts[i], mode);
                    if (error != 0 && error != Unistd.EEXIST)
                        throw new KernelException($"create /{prefix} inside the container root", error);
                    next = OpenAt2.TryOpen(rootFd, prefix, Unistd.O_PATH, InRoot);
                }
                if (next < 0) throw new KernelException($"resolve /{prefix} inside the container root", -next);
                Unistd.Close(parent);
                parent = next;
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

    /// <summary>The magic link through which an O_PATH fd can be mounted on or opened.</summary>
    public static string ProcPath(int fd) => $"/proc/self/fd/{fd}";
}
