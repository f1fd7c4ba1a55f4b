using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>GET /exec/{id}/json. <see cref="ExitCode"/> is null until the process has ended; <see cref="Pid"/> 0 before it runs.</summary>
public sealed record ExecInspectResponse
{
    [JsonPropertyName("ID")] public required string Id { get; init; }
    public bool Running { get; init; }
    public int? ExitCode { get; init; }
    public required ExecProcessConfigDto ProcessConfig { get; init; }
    public bool OpenStdin { get; init; }
    public bool OpenStdout { get; init; }
    public bool OpenStderr { get; init; }
    public bool CanRemove { get; init; }
    [JsonPropertyName("ContainerID")] public required string ContainerId { get; init; }
    public string DetachKeys { get; init; } = "";
    public int Pid { get; init; }
}
