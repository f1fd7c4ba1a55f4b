using Bock.Kernel.Native;

namespace Bock.Oci.Init;

/// <summary>
/// The created → running hand-over, as runc does it: init opens <c>exec.fifo</c> for writing, which blocks until
/// <c>bock-oci start</c> opens it for reading. The fifo was opened O_PATH before pivot_root (its path is on the host)
/// and is reopened through /proc/self/fd.
/// </summary>
public static class ExecFifo
{
    /// <remarks>The write end stays open, close-on-exec: <c>start</c> reads until end of file, which comes when the
    /// user's program replaced init (or init died), so poststart hooks never run before startContainer hooks.</remarks>
    public static void WaitForStart(int pathFd)
    {
        var fd = Unistd.Open($"/proc/self/fd/{pathFd}", Unistd.O_WRONLY);
        Unistd.Close(pathFd);
        Unistd.WriteAll(fd, "0"u8);
    }
}
