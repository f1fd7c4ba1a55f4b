using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Bock.Host;

/// <summary>The API socket's file: whoever can write to it controls every container, so only root (and root's group) may.</summary>
internal static class UnixSocket
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    public static unsafe void RestrictToRoot(string path)
    {
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            if (chown(p, 0, 0) != 0)
                throw new IOException($"chown {path}: errno {errno}");
        File.SetUnixFileMode(path, Mode);
    }

    /// <summary>A socket left by an earlier daemon would make the bind fail; anything else at that path is not ours to delete.</summary>
    public static unsafe void RemoveStale(string path)
    {
        stat st;
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
            if (lstat(p, &st) != 0 || (st.st_mode & S_IFMT) != S_IFSOCK)
                return;
        File.Delete(path);
    }
}
