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

    /// <summary>The image's id (its config digest) when made from a stored image; null for a bundle or rootfs path.</summary>
    public string? ImageId { get; init; }

    /// <summary>--rm: removed with its anonymous volumes when it dies for good.</summary>
    public bool AutoRemove { get; init; }

    /// <summary>Every volume it mounts, named or anonymous: those cannot be removed while it exists.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>The volumes made for it alone (image VOLUMEs, <c>-v /path</c>): removed with it by <c>rm -v</c> and <c>--rm</c>.</summary>
    public IReadOnlyList<string> AnonymousVolumes { get; init; } = [];

    /// <summary>What it mounts where (binds, volumes, tmpfs), as inspect's Mounts; empty for a record of an older bockd.</summary>
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    public string User { get; init; } = "";
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string> Cmd { get; init; } = [];
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public string? StopSignal { get; init; }

    /// <summary>The merged health check (request over image), null when there is none.</summary>
    public HealthCheck? HealthCheck { get; init; }

    /// <summary>starting, healthy or unhealthy as the health_status events tell; null without a health check.</summary>
    public string? Health { get; init; }
    public int? StopTimeout { get; init; }

    /// <summary>Docker's NetworkMode as asked: <c>bridge</c> (the default), <c>none</c>, <c>host</c>, <c>container:NAME</c> or a network's name.</summary>
    public string NetworkMode { get; init; } = "none";

    /// <summary>The namespace bockd made for it (its networks' endpoints live there); null for none, host and container:.</summary>
    public string? NetnsPath { get; init; }

    /// <summary>Its place on each network it is attached to.</summary>
    public IReadOnlyList<Bock.Actors.Networks.NetworkEndpoint> Endpoints { get; init; } = [];

    /// <summary>The host ports it publishes while it runs (<c>-p</c>, <c>-P</c>), host ports already chosen.</summary>
    public IReadOnlyList<Networks.PublishedPort> Ports { get; init; } = [];
}
