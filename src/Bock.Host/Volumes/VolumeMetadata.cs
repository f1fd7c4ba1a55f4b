namespace Bock.Host.Volumes;

/// <summary>What <c>&lt;root&gt;/volumes/&lt;name&gt;/volume.json</c> keeps beside the data.</summary>
public sealed record VolumeMetadata
{
    public DateTimeOffset CreatedAt { get; init; }
    public Dictionary<string, string> Labels { get; init; } = [];
    public bool Anonymous { get; init; }
}
