namespace Bock.Actors.Kernel;

/// <summary>
/// How an exec'd process ended. <see cref="Output"/> is its stdout and stderr interleaved, cut to the first 4 KiB as
/// Docker keeps of a health probe. <see cref="TimedOut"/>: it was killed for running past its timeout.
/// </summary>
public sealed record ExecResult(int ExitCode, string Output, bool TimedOut = false)
{
    public const int MaxOutput = 4096;
}
