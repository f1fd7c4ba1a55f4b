using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

// The /bock/stacks API (bockrose). One file for the whole family so the CLI and the daemon share it verbatim.

/// <summary>
/// Everything the compose loader needs, sent by the client: bockd (root, same host) reads the files itself.
/// <see cref="Files"/> are absolute; empty means "search compose.yaml … bockrose.yaml in <see cref="WorkingDir"/>".
/// <see cref="Environment"/> is the client's whole environment (interpolation, COMPOSE_PROJECT_NAME, …).
/// </summary>
public sealed record StackRequest
{
    public required string WorkingDir { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
    public string? ProjectName { get; init; }
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    public IReadOnlyList<string> Profiles { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>Body of POST /bock/stacks/up. Empty <see cref="Services"/> = all; <see cref="Pull"/> is missing|always|never.</summary>
public sealed record StackUpRequest
{
    public required StackRequest Project { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];
    public bool Build { get; init; }
    public bool ForceRecreate { get; init; }
    public bool NoDeps { get; init; }
    public IReadOnlyDictionary<string, int> Scale { get; init; } = new Dictionary<string, int>();
    public bool Wait { get; init; }
    public string Pull { get; init; } = "missing";
    public bool RemoveOrphans { get; init; }
}

/// <summary>Body of POST /bock/stacks/{project}/down. <see cref="Timeout"/> in seconds.</summary>
public sealed record StackDownRequest
{
    public bool Volumes { get; init; }
    public bool RemoveOrphans { get; init; }
    public int? Timeout { get; init; }
}

/// <summary>Body of POST /bock/stacks/{project}/{start|stop|restart|kill|pause|unpause|rm}. Empty <see cref="Services"/> = all; <see cref="Volumes"/> for rm only.</summary>
public sealed record StackActionRequest
{
    public IReadOnlyList<string> Services { get; init; } = [];
    public int? Timeout { get; init; }
    public string? Signal { get; init; }
    public bool? Force { get; init; }

    /// <summary>rm -v: the removed containers' anonymous volumes go with them (Docker's DELETE /containers/{id}?v=1).</summary>
    public bool? Volumes { get; init; }
}

/// <summary>Body of POST /bock/stacks/run: answers 201 {"Id":…} of a created, not started, one-off container.</summary>
public sealed record StackRunRequest
{
    public required StackRequest Project { get; init; }
    public required string Service { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public bool Rm { get; init; }
    public IReadOnlyList<string>? Environment { get; init; }
    public bool NoDeps { get; init; }
    public string? Name { get; init; }
    public string? User { get; init; }
    public string? Workdir { get; init; }

    /// <summary>A terminal for the one-off (compose: when the client's stdin is one, unless -T); null = yes.</summary>
    public bool? Tty { get; init; }

    /// <summary>Stdin kept open and attached (compose's -i, default true); null = yes.</summary>
    public bool? Interactive { get; init; }
}

/// <summary>
/// The "aux" of one streamed line {"id":"bock.stack","aux":…}. Resource: network|volume|image|container|service;
/// Status: Creating|Created|Starting|Started|Waiting|Healthy|Exited|Recreating|Recreated|Pulling|Pulled|
/// Stopping|Stopped|Removing|Removed|Running|Error, and in a rolling update Unhealthy (a failure it went on after,
/// with Message) and Restored (an old replica started again by a rollback or a pause).
/// </summary>
public sealed record StackProgress
{
    public required string Resource { get; init; }
    public required string Name { get; init; }
    public required string Status { get; init; }
    public string? Message { get; init; }
}

/// <summary>One streamed line of a stack operation: {"id":"bock.stack","aux":…} or, last, {"errorDetail":…,"error":…}.</summary>
public sealed record StackProgressLine
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("aux")] public StackProgress? Aux { get; init; }
    [JsonPropertyName("errorDetail")] public ErrorDetailDto? ErrorDetail { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}

/// <summary>One row of GET /bock/stacks (like `docker compose ls`): Status e.g. "running(3)", "exited(1)".</summary>
public sealed record StackSummary
{
    public required string Name { get; init; }
    public required string Status { get; init; }
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];
}

/// <summary>GET /bock/stacks/{project}.</summary>
public sealed record StackDetail
{
    public required string Name { get; init; }
    public required string WorkingDir { get; init; }
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];
    public IReadOnlyList<ServiceStatus> Services { get; init; } = [];
}

/// <summary>
/// One service of a stack as its ServiceActor sees it. State: "running", "starting", "backoff (next try in 4s)",
/// "completed", "failed: …", "stopped".
/// </summary>
public sealed record ServiceStatus
{
    public required string Name { get; init; }
    public int Desired { get; init; }
    public int Running { get; init; }
    public string? Health { get; init; }
    public int Restarts { get; init; }
    public required string State { get; init; }
    public IReadOnlyList<string> ContainerIds { get; init; } = [];
}
