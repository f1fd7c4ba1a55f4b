using System.Text;
using Bock.Kernel.Native;
using Tmds.Linux;

namespace Bock.Kernel.Terminal;

/// <summary>Pseudo-terminals: open a master, size it, and make its slave the calling process's controlling terminal.</summary>
public static unsafe class Pty
{
    /// <summary>
    /// Opens <paramref name="ptmxPath"/> (inside a container, its own /dev/ptmx or /dev/pts/ptmx) close-on-exec and
    /// without becoming the controlling terminal, unlocks the slave and names it from the pty number: the slave lives
    /// in the pts directory of that devpts instance, not in whatever /dev/pts the host has.
    /// </summary>
    public static PtyMaster Open(string ptmxPath = "/dev/ptmx")
    {
        var fd = OpenPath(ptmxPath, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC, $"open {ptmxPath}");
        try
        {
            var unlock = 0;
            KernelException.ThrowIfFailed(LibC.ioctl(fd, LibC.TIOCSPTLCK, &unlock), $"ioctl({ptmxPath}, TIOCSPTLCK)");
            var number = GetNumber(fd);
            return new PtyMaster(fd, SlavePathFor(ptmxPath, number), number);
        }
        catch
        {
            LibC.close(fd);
            throw;
        }
    }

    /// <summary>The pty number of a master (TIOCGPTN): N in /dev/pts/N.</summary>
    public static int GetNumber(int masterFd)
    {
        int number;
        KernelException.ThrowIfFailed(LibC.ioctl(masterFd, LibC.TIOCGPTN, &number), "ioctl(TIOCGPTN)");
        return number;
    }

    /// <summary>/dev/ptmx → /dev/pts/N; /x/pts/ptmx (the devpts instance's own ptmx) → /x/pts/N.</summary>
    internal static string SlavePathFor(string ptmxPath, int number)
    {
        var directory = Path.GetDirectoryName(ptmxPath) ?? "/";
        var pts = Path.GetFileName(directory) == "pts" ? directory : Path.Combine(directory, "pts");
        return Path.Combine(pts, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Opens the slave through the master (TIOCGPTPEER, Linux 4.13): no path lookup, so a /dev/pts swapped under us
    /// cannot hand over another terminal. Without <paramref name="noControllingTerminal"/> a session leader with no
    /// terminal acquires it.
    /// </summary>
    public static int OpenSlave(int masterFd, bool noControllingTerminal = true)
    {
        var flags = LibC.O_RDWR | LibC.O_CLOEXEC | (noControllingTerminal ? LibC.O_NOCTTY : 0);
        return KernelException.ThrowIfFailed(LibC.ioctl(masterFd, LibC.TIOCGPTPEER, flags), "ioctl(TIOCGPTPEER)");
    }

    public static void SetSize(int fd, ushort rows, ushort columns)
    {
        var size = new winsize { ws_row = rows, ws_col = columns };
        KernelException.ThrowIfFailed(LibC.ioctl(fd, LibC.TIOCSWINSZ, &size), $"ioctl(TIOCSWINSZ {rows}x{columns})");
    }

    public static (ushort Rows, ushort Columns) GetSize(int fd)
    {
        winsize size;
        KernelException.ThrowIfFailed(LibC.ioctl(fd, LibC.TIOCGWINSZ, &size), "ioctl(TIOCGWINSZ)");
        return (size.ws_row, size.ws_col);
    }

    /// <summary>
    /// For init just before execve: a new session (setsid), the slave as its controlling terminal (TIOCSCTTY), and
    /// the slave on stdin, stdout and stderr. Fails if the caller already leads a process group, as setsid does.
    /// The original <paramref name="slaveFd"/> is closed unless it is one of 0, 1, 2.
    /// </summary>
    public static void BecomeControllingTerminal(int slaveFd)
    {
        KernelException.ThrowIfFailed(LibC.setsid(), "setsid");
        KernelException.ThrowIfFailed(LibC.ioctl(slaveFd, LibC.TIOCSCTTY, 0), "ioctl(TIOCSCTTY)");
        for (var target = 0; target <= 2; target++)
            if (slaveFd != target)
                KernelException.ThrowIfFailed(LibC.dup2(slaveFd, target), $"dup2({slaveFd}, {target})");
        if (slaveFd > 2)
            LibC.close(slaveFd);
    }

    internal static int OpenPath(string path, int flags, string what)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            int fd;
            do
                fd = LibC.open(name, flags, 0);
            while (fd < 0 && LibC.errno == LibC.EINTR);
            return KernelException.ThrowIfFailed(fd, what);
        }
    }
}
