namespace Bock.Actors.Kernel;

/// <summary>
/// A process to run inside a running container and wait for (health checks, <c>docker exec</c> without a terminal).
/// <see cref="Timeout"/> kills it when it runs longer; <see cref="User"/> (numeric <c>uid[:gid]</c>, with
/// <see cref="AdditionalGids"/>), <see cref="WorkingDir"/> default to the container's own.
/// </summary>
public sealed record ExecRequest(IReadOnlyList<string> Args, TimeSpan Timeout)
{
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? User { get; init; }
    public IReadOnlyList<uint> AdditionalGids { get; init; } = [];
    public string? WorkingDir { get; init; }
}
