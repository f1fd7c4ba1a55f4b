using Bock.Images.Content;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Host.Images;

/// <summary>
/// One image as Docker shows it: identified by its config digest, with every name of the index that points at it.
/// Names in <see cref="ImageNames.UntaggedRepository"/> only keep an untagged image alive; they are never shown.
/// </summary>
public sealed record StoredImage(string Id, Image Image, IReadOnlyList<(ImageReference Name, ImageRecord Record)> Names)
{
    public IEnumerable<ImageReference> VisibleNames => Names.Select(n => n.Name).Where(n => !ImageNames.IsUntagged(n));

    public IReadOnlyList<string> RepoTags => [.. VisibleNames.Where(n => n.Tag is not null).Select(n => n.FamiliarName).Distinct().Order(StringComparer.Ordinal)];

    /// <summary><c>repo@digest</c> for each repository the image was pulled from (or named by digest in).</summary>
    public IReadOnlyList<string> RepoDigests => [.. Names
        .Where(n => !ImageNames.IsUntagged(n.Name))
        .Select(n => (n.Name.Digest ?? n.Record.RepoDigest) is { } d ? (n.Name with { Tag = null, Digest = d }).FamiliarName : null)
        .OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    public bool IsDangling => !VisibleNames.Any();

    /// <summary>The stored (compressed) layers; Docker reports unpacked sizes, which we do not keep.</summary>
    public long Size => Image.Manifest.Layers.Sum(l => l.Size);

    public DateTimeOffset Created => Image.Config.Created ?? Names.Select(n => n.Record.Created).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min();

    public string ShortId => Digest.Hex(Id)[..12];
}
