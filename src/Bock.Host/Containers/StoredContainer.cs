using Bock.Actors.Containers;

namespace Bock.Host.Containers;

/// <summary>
/// A <see cref="ContainerRecord"/> as bock.db keeps it: plain fields (the restart policy as Docker spells it), so that
/// a rename in code does not break what an older bockd wrote.
/// </summary>
public sealed record StoredContainer
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Image { get; init; }
    public DateTimeOffset Created { get; init; }
    public required string BundlePath { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyList<string> Env { get; init; } = [];
    public string WorkingDir { get; init; } = "/";
    public string Hostname { get; init; } = "";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string RestartPolicy { get; init; } = "no";

    /// <summary>The restart policy's delay and window in milliseconds; null (and absent from older records) when it has none.</summary>
    public long? RestartDelayMs { get; init; }
    public long? RestartWindowMs { get; init; }
    public string State { get; init; } = "created";
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int ExitCode { get; init; }
    public bool OomKilled { get; init; }
    public int RestartCount { get; init; }
    public string? ImageId { get; init; }
    public bool AutoRemove { get; init; }
    public IReadOnlyList<string> Volumes { get; init; } = [];
    public IReadOnlyList<string> AnonymousVolumes { get; init; } = [];

    /// <summary>Absent from the records of a bockd before inspect had Mounts: read as none.</summary>
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];
    public string User { get; init; } = "";
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string> Cmd { get; init; } = [];
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }

    /// <summary>Docker's Test form and the timing in milliseconds; null without a health check.</summary>
    public IReadOnlyList<string>? HealthTest { get; init; }
    public long HealthIntervalMs { get; init; }
    public long HealthTimeoutMs { get; init; }
    public long HealthStartPeriodMs { get; init; }
    public int HealthRetries { get; init; }
    public string NetworkMode { get; init; } = "none";
    public string? NetnsPath { get; init; }
    public IReadOnlyList<StoredEndpoint> Endpoints { get; init; } = [];
    public IReadOnlyList<Networks.PublishedPort> Ports { get; init; } = [];

    public static StoredContainer From(ContainerRecord c) => new()
    {
        Id = c.Id, Name = c.Name, Image = c.Image, Created = c.Created, BundlePath = c.BundlePath, Args = c.Args, Env = c.Env,
        WorkingDir = c.WorkingDir, Hostname = c.Hostname, Labels = c.Labels, RestartPolicy = c.RestartPolicy.ToString(),
        RestartDelayMs = (long?)c.RestartPolicy.Delay?.TotalMilliseconds, RestartWindowMs = (long?)c.RestartPolicy.Window?.TotalMilliseconds,
        State = c.State, StartedAt = c.StartedAt, FinishedAt = c.FinishedAt, ExitCode = c.ExitCode, OomKilled = c.OomKilled, RestartCount = c.RestartCount,
        ImageId = c.ImageId, AutoRemove = c.AutoRemove, Volumes = c.Volumes, AnonymousVolumes = c.AnonymousVolumes, Mounts = c.Mounts, User = c.User,
        Entrypoint = c.Entrypoint, Cmd = c.Cmd, Tty = c.Tty, OpenStdin = c.OpenStdin, StopSignal = c.StopSignal, StopTimeout = c.StopTimeout,
        HealthTest = c.HealthCheck?.Test, HealthIntervalMs = (long)(c.HealthCheck?.Interval.TotalMilliseconds ?? 0),
        HealthTimeoutMs = (long)(c.HealthCheck?.Timeout.TotalMilliseconds ?? 0), HealthStartPeriodMs = (long)(c.HealthCheck?.StartPeriod.TotalMilliseconds ?? 0),
        HealthRetries = c.HealthCheck?.Retries ?? 0,
        NetworkMode = c.NetworkMode, NetnsPath = c.NetnsPath, Endpoints = [.. c.Endpoints.Select(StoredEndpoint.From)], Ports = c.Ports,
    };

    public ContainerRecord ToRecord() =>
        new(Id, Name, Image, Created, BundlePath, Args, Env, WorkingDir, Hostname, Labels, Actors.Containers.RestartPolicy.Parse(RestartPolicy) with
        {
            Delay = RestartDelayMs is { } delay ? TimeSpan.FromMilliseconds(delay) : null,
            Window = RestartWindowMs is { } window ? TimeSpan.FromMilliseconds(window) : null,
        })
        {
            State = State, StartedAt = StartedAt, FinishedAt = FinishedAt, ExitCode = ExitCode, OomKilled = OomKilled, RestartCount = RestartCount,
            ImageId = ImageId, AutoRemove = AutoRemove, Volumes = Volumes, AnonymousVolumes = AnonymousVolumes, Mounts = Mounts ?? [], User = User,
            Entrypoint = Entrypoint, Cmd = Cmd, Tty = Tty, OpenStdin = OpenStdin, StopSignal = StopSignal, StopTimeout = StopTimeout,
            NetworkMode = NetworkMode, NetnsPath = NetnsPath, Endpoints = [.. Endpoints.Select(e => e.ToEndpoint())], Ports = Ports,
            HealthCheck = HealthTest is null ? null : new HealthCheck(HealthTest)
            {
                Interval = TimeSpan.FromMilliseconds(HealthIntervalMs),
                Timeout = TimeSpan.FromMilliseconds(HealthTimeoutMs),
                StartPeriod = TimeSpan.FromMilliseconds(HealthStartPeriodMs),
                Retries = HealthRetries,
            },
        };
}
