namespace Bock.Actors.Kernel;

/// <summary>How a container's init ended: a shell-style exit code (128 + N when killed by signal N).</summary>
public sealed record ContainerExit(int ExitCode, bool OomKilled = false)
{
    /// <summary>Turns a wait(2) status into an exit.</summary>
    public static ContainerExit FromWaitStatus(int status, bool oomKilled = false)
    {
        var signal = status & 0x7f;
        return new ContainerExit(signal == 0 ? (status >> 8) & 0xff : 128 + signal, oomKilled);
    }
}
