namespace Bock.Actors.Containers;

/// <summary>
/// Timing of the container actors. The defaults are Docker's: restarts wait 100 ms, doubling up to a minute, and the
/// delay starts over once a container has run for 10 s.
/// </summary>
public sealed record ContainerSettings
{
    public static readonly ContainerSettings Default = new();

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Jitter, so that many containers failing together do not restart in lockstep.</summary>
    public double RandomFactor { get; init; } = 0.1;

    public TimeSpan ResetBackoffAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a kernel operation may take before the command that needed it fails.</summary>
    public TimeSpan KernelTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>docker stop's default grace period between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
