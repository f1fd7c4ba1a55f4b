namespace Bockrose.Compose.Model;

public sealed record VolumeOptions(bool? NoCopy, string? Subpath);
