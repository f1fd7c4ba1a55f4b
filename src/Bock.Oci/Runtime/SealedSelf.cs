using Bock.Kernel.Native;

namespace Bock.Oci.Runtime;

/// <summary>
/// The path from which to exec <c>bock-oci init</c>: a sealed memfd copy of our own binary, so that a container
/// process that opens /proc/PID/exe of init can never write to the runtime on the host (CVE-2019-5736).
/// </summary>
public static class SealedSelf
{
    private const uint MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;

    /// <summary>Creates the copy; the fd is close-on-exec and stays open in this process until it exits.</summary>
    public static string Create()
    {
        var self = Unistd.Open("/proc/self/exe", Unistd.O_RDONLY);
        try
        {
            var memfd = Unistd.MemfdCreate("bock-oci", MFD_CLOEXEC | MFD_ALLOW_SEALING);
            Unistd.CopyToEnd(memfd, self);
            Unistd.AddSeals(memfd, Unistd.F_SEAL_SEAL | Unistd.F_SEAL_SHRINK | Unistd.F_SEAL_GROW | Unistd.F_SEAL_WRITE);
            return $"/proc/self/fd/{memfd}";
        }
        finally
        {
            Unistd.Close(self);
        }
    }
}
