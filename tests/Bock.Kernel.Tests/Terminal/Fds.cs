using System.Text;
using Bock.Kernel.Native;
using Tmds.Linux;

namespace Bock.Kernel.Tests.Terminal;

/// <summary>Small fd helpers for the terminal tests.</summary>
internal static unsafe class Fds
{
    public static (ulong Device, ulong Inode, ulong RawDevice) Stat(int fd)
    {
        stat st;
        KernelException.ThrowIfFailed(LibC.fstat(fd, &st), $"fstat({fd})");
        return (st.st_dev, st.st_ino, st.st_rdev);
    }

    public static bool IsCloseOnExec(int fd)
    {
        // fdinfo's flags are octal open flags; O_CLOEXEC is 02000000 there.
        var flags = File.ReadLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
        return (Convert.ToInt64(flags["flags:".Length..].Trim(), 8) & 0x80000) != 0;
    }

    public static int Open(string path, int flags)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
            return KernelException.ThrowIfFailed(LibC.open(name, flags, 0), $"open {path}");
    }

    public static void Write(int fd, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* data = bytes)
            KernelException.ThrowIfFailed((long)LibC.write(fd, data, bytes.Length), "write");
    }

    /// <summary>Reads until <paramref name="expected"/> has arrived or 5 s passed (a pty may deliver in pieces).</summary>
    public static string ReadUntil(int fd, string expected)
    {
        var text = new StringBuilder();
        var buffer = new byte[256];
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!text.ToString().Contains(expected, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            var poll = new pollfd { fd = fd, events = LibC.POLLIN };
            if (LibC.poll(&poll, 1, 200) <= 0)
                continue;
            fixed (byte* data = buffer)
            {
                var n = (long)LibC.read(fd, data, buffer.Length);
                if (n <= 0)
                    break;
                text.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
            }
        }
        return text.ToString();
    }

    public static void Close(int fd) => LibC.close(fd);
}
