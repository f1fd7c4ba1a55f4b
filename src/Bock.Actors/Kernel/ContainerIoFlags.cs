namespace Bock.Actors.Kernel;

/// <summary>
/// A container's stdio as its bundle's config.json asks (the daemon conventions): <see cref="Tty"/> is
/// process.terminal (<c>-t</c>); <see cref="OpenStdin"/> the annotation <c>io.bock.open-stdin=true</c> (<c>-i</c>);
/// <see cref="StdinOnce"/> the annotation <c>io.bock.stdin-once=true</c> (Docker's StdinOnce, set by <c>docker run -i</c>:
/// the container's stdin closes when the attached client's input ends).
/// </summary>
public sealed record ContainerIoFlags(bool Tty, bool OpenStdin, bool StdinOnce)
{
    public const string OpenStdinAnnotation = "io.bock.open-stdin";
    public const string StdinOnceAnnotation = "io.bock.stdin-once";
}
