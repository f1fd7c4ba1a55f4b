namespace Bock.Host.Volumes;

/// <summary>A local volume: its data directory (<c>&lt;root&gt;/volumes/&lt;name&gt;/_data</c>) and what was said when it was made.</summary>
public sealed record VolumeRecord(string Name, string Mountpoint, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Labels, bool Anonymous);
