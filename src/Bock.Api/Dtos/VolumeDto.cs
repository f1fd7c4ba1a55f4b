namespace Bock.Api.Dtos;

/// <summary>A volume, as GET /volumes/{name} and the list show it.</summary>
public sealed record VolumeDto
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "local";
    public required string Mountpoint { get; init; }
    public required string CreatedAt { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public string Scope { get; init; } = "local";
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public VolumeUsageDto? UsageData { get; init; }
}
