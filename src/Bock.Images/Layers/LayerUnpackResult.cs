namespace Bock.Images.Layers;

/// <summary>What unpacking a layer produced: its diff id (sha256 of the uncompressed tar) and any notes.</summary>
public sealed record LayerUnpackResult(string DiffId, long Entries, IReadOnlyList<string> Notes);
