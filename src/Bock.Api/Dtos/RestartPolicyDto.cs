namespace Bock.Api.Dtos;

/// <summary>
/// Docker's RestartPolicy, with Bock's extensions for swarm's <c>deploy.restart_policy</c> (bockrose sends them;
/// null, and so absent from the JSON, for every Docker client): <see cref="Delay"/> and <see cref="Window"/> in
/// nanoseconds, as HealthConfig's durations are. Bock also takes a MaximumRetryCount with <c>always</c> (swarm's
/// <c>condition: any</c> with <c>max_attempts</c>), which Docker refuses.
/// </summary>
public sealed record RestartPolicyDto
{
    public string? Name { get; init; }
    public int MaximumRetryCount { get; init; }

    /// <summary>The wait before each restart, replacing the exponential backoff; 0 restarts at once.</summary>
    public long? Delay { get; init; }

    /// <summary>Only the restarts of the last window count toward MaximumRetryCount; 0 or null: all of them count.</summary>
    public long? Window { get; init; }
}
