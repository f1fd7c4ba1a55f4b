using static Bock.Images.Native.FileSystemCalls;

namespace Bock.Images.Layers;

/// <summary>
/// <c>rm -rf</c> of one name in a directory fd, without following symlinks: each directory is opened relative to its
/// parent with O_NOFOLLOW, so a symlink (to anywhere) is unlinked, never entered.
/// </summary>
internal static unsafe class TreeRemover
{
    /// <summary>Removes <paramref name="nameZ"/> (NUL-terminated) under <paramref name="dirFd"/>; 0, or the errno that stopped it. A missing name is success.</summary>
    public static int TryRemove(int dirFd, byte[] nameZ)
    {
        fixed (byte* p = nameZ)
        {
            if (UnlinkatRaw(dirFd, p, 0) == 0)
                return 0;
            int errno = Errno;
            if (errno == ENOENT)
                return 0;
            if (errno != EISDIR)
                return errno;
            if (UnlinkatRaw(dirFd, p, AT_REMOVEDIR) == 0)
                return 0;
            errno = Errno;
            if (errno != ENOTEMPTY && errno != EEXIST)
                return errno;
            int fd = OpenatRaw(dirFd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
            if (fd < 0)
                return Errno;
            try
            {
                var children = new List<byte[]>();
                if (DirectoryEntries.TryRead(fd, children) is int listError and not 0)
                    return listError;
                foreach (byte[] child in children)
                {
                    if (TryRemove(fd, child) is int childError and not 0)
                        return childError;
                }
            }
            finally
            {
                Close(fd);
            }
            return UnlinkatRaw(dirFd, p, AT_REMOVEDIR) == 0 ? 0 : Errno;
        }
    }
}
