using Bock.Kernel.Native;

namespace Bock.Oci.Init;

/// <summary>
/// The created → running hand-over, as runc does it: init opens <c>exec.fifo</c> for writing, which blocks until
/// <c>bock-oci start</c> opens it for reading. The fifo was opened O_PATH before pivot_root (its path is on the host)
/// and is reopened through /proc/self/fd.
/// </summary>
public static class ExecFifo
{
    public static void WaitForStart(int pathFd)
    {
        var fd = Unistd.Open($"/proc/self/fd/{pathFd}", Unistd.O_WRONLY);
        try
        {
            Unistd.WriteAll(fd, "0"u8);
        }
        finally
        {
            Unistd.Close(fd);
            Unistd.Close(pathFd);
        }
    }
}
