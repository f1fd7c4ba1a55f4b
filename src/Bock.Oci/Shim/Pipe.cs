using Bock.Kernel.Native;
using Tmds.Linux;

namespace Bock.Oci.Shim;

/// <summary>pipe2(2) with O_CLOEXEC: only the end we deliberately dup onto a child's stdio crosses an exec.</summary>
public static unsafe class Pipe
{
    public static (int Read, int Write) Create()
    {
        var fds = stackalloc int[2];
        KernelException.ThrowIfFailed(LibC.pipe2(fds, LibC.O_CLOEXEC), "pipe2");
        return (fds[0], fds[1]);
    }
}
