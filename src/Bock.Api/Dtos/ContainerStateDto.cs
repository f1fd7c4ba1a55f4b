namespace Bock.Api.Dtos;

public sealed record ContainerStateDto
{
    public required string Status { get; init; }
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public bool Restarting { get; init; }
    public bool OOMKilled { get; init; }
    public bool Dead { get; init; }
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public string Error { get; init; } = "";
    public required string StartedAt { get; init; }
    public required string FinishedAt { get; init; }

    /// <summary>Only for a container with a health check.</summary>
    public HealthDto? Health { get; init; }
}
