namespace Bock.Oci.Shim;

/// <summary>What <c>bock-oci shim</c> was asked to run and where it keeps its files. Paths are absolute: the shim runs from /.</summary>
public sealed record ShimOptions(string Root, string Id, string Bundle, string LogFile, string ExitFile, string SocketPath)
{
    public string? PidFile { get; init; }
    public bool Tty { get; init; }

    /// <summary>Docker's <c>-i</c>: the container's stdin is a pipe that attached clients write to, else /dev/null.</summary>
    public bool OpenStdin { get; init; }
}
