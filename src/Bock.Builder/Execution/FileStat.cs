using System.Runtime.InteropServices;

namespace Bock.Builder.Execution;

/// <summary>
/// lstat(2) and lgetxattr(2): what a layer entry needs that .NET does not tell (owner, device numbers, inode, link
/// count, the overlay's opaque mark). x86_64's <c>struct stat</c> layout.
/// </summary>
internal static partial class FileStat
{
    public const uint TypeMask = 0xF000, Socket = 0xC000, Symlink = 0xA000, Regular = 0x8000, Block = 0x6000, Directory = 0x4000, Char = 0x2000, Fifo = 0x1000;

    [StructLayout(LayoutKind.Sequential)]
    public struct Stat
    {
        public ulong Dev;
        public ulong Ino;
        public ulong Nlink;
        public uint Mode;
        public uint Uid;
        public uint Gid;
        private readonly int _pad0;
        public ulong Rdev;
        public long Size;
        public long Blksize;
        public long Blocks;
        public long Atime, AtimeNsec, Mtime, MtimeNsec, Ctime, CtimeNsec;
        private readonly long _r0, _r1, _r2;

        public readonly uint Type => Mode & TypeMask;
        public readonly uint Major => (uint)(((Rdev >> 32) & 0xfffff000) | ((Rdev >> 8) & 0xfff));
        public readonly uint Minor => (uint)(((Rdev >> 12) & 0xffffff00) | (Rdev & 0xff));
    }

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LstatCall(string path, out Stat buffer);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint LgetxattrCall(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LchownCall(string path, int uid, int gid);

    public static Stat Lstat(string path) =>
        LstatCall(path, out var stat) == 0 ? stat : throw new IOException($"lstat {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    public static bool TryLstat(string path, out Stat stat) => LstatCall(path, out stat) == 0;

    /// <summary>overlayfs marks a directory that hides the lower ones' content with <c>trusted.overlay.opaque=y</c>.</summary>
    public static unsafe bool IsOpaque(string path)
    {
        byte value = 0;
        return LgetxattrCall(path, "trusted.overlay.opaque", &value, 1) == 1 && value == (byte)'y';
    }

    public static void Lchown(string path, int uid, int gid)
    {
        if (LchownCall(path, uid, gid) != 0)
            throw new IOException($"chown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }
}
