using System.Runtime.InteropServices;

namespace Bock.Cli.Native;

/// <summary>termios(3) for <c>-it</c>: the local terminal goes raw while attached so that keys reach the container.</summary>
internal static partial class Termios
{
    private const int TCSANOW = 0;
    private const ulong TIOCGWINSZ = 0x5413;

    /// <summary>struct termios is 60 bytes on Linux x86-64; kept opaque and only passed back to libc.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct State
    {
        private unsafe fixed byte _bytes[64];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsAtty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, out State state);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int action, in State state);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(ref State state);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlWinSize(int fd, ulong request, out WinSize size);

    public static bool IsTerminal(int fd) => IsAtty(fd) == 1;

    /// <summary>Puts <paramref name="fd"/> in raw mode; returns the state to restore, or null if it is no terminal.</summary>
    public static State? MakeRaw(int fd)
    {
        if (TcGetAttr(fd, out var saved) != 0) return null;
        var raw = saved;
        CfMakeRaw(ref raw);
        return TcSetAttr(fd, TCSANOW, raw) == 0 ? saved : null;
    }

    public static void Restore(int fd, State state) => TcSetAttr(fd, TCSANOW, state);

    public static (int Rows, int Columns)? Size(int fd) =>
        IoctlWinSize(fd, TIOCGWINSZ, out var size) == 0 && size.Rows > 0 ? (size.Rows, size.Columns) : null;
}
