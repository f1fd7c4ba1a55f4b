namespace Bockrose.Compose.Model;

/// <summary>A service's use of a secret or config: the source's key and where it appears in the container.</summary>
public sealed record ServiceFileReference(string Source, string? Target, string? Uid, string? Gid, int? Mode);
