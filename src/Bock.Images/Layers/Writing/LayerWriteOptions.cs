namespace Bock.Images.Layers.Writing;

/// <summary>
/// How a layer tar is written. <paramref name="SourceDateEpoch"/> (seconds since 1970, as SOURCE_DATE_EPOCH) caps
/// every entry's mtime (mtime = min(mtime, epoch), as BuildKit's <c>rewrite-timestamp</c>), so a rebuild at another
/// time gives the same bytes. <paramref name="NormalizeOwners"/> writes every entry as 0:0.
/// </summary>
public sealed record LayerWriteOptions(long? SourceDateEpoch = null, bool NormalizeOwners = false);
