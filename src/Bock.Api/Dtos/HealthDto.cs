namespace Bock.Api.Dtos;

/// <summary>State.Health of docker inspect.</summary>
public sealed record HealthDto
{
    /// <summary>starting, healthy or unhealthy.</summary>
    public required string Status { get; init; }

    public int FailingStreak { get; init; }

    /// <summary>The last probes, oldest first (Docker keeps five).</summary>
    public IReadOnlyList<HealthLogDto> Log { get; init; } = [];
}
