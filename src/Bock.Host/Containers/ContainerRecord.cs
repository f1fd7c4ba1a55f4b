using Bock.Actors.Containers;

namespace Bock.Host.Containers;

/// <summary>
/// What bockd knows of a container beyond its actor: the Docker-facing name and configuration, and the state the
/// event stream has told (Docker's status words: created, running, paused, restarting, exited).
/// </summary>
public sealed record ContainerRecord(
    string Id,
    string Name,
    string Image,
    DateTimeOffset Created,
    string BundlePath,
    IReadOnlyList<string> Args,
    IReadOnlyList<string> Env,
    string WorkingDir,
    string Hostname,
    IReadOnlyDictionary<string, string> Labels,
    RestartPolicy RestartPolicy)
{
    public string State { get; init; } = "created";
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int ExitCode { get; init; }

    /// <summary>The last run ended in an OOM kill (the <c>oom</c> event); cleared by the next start.</summary>
    public bool OomKilled { get; init; }
    public int RestartCount { get; init; }
}
