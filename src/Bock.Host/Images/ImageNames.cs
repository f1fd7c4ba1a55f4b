using Bock.Images.Reference;

namespace Bock.Host.Images;

/// <summary>
/// The image index only keeps what a name points at, while Docker keeps untagged ("dangling") images until they are
/// pruned. bockd names those <c>bock.invalid/untagged@&lt;manifest digest&gt;</c>: a name no registry can have,
/// which keeps the image's blobs out of garbage collection and is hidden from every listing.
/// </summary>
public static class ImageNames
{
    public const string UntaggedRepository = "bock.invalid/untagged";

    public static ImageReference Untagged(string manifestDigest) => ImageReference.Parse($"{UntaggedRepository}@{manifestDigest}");

    public static bool IsUntagged(ImageReference name) => name.Repository == UntaggedRepository;

    /// <summary>A repository and an optional tag or digest, as the API's fromImage/tag and repo/tag pairs give them.</summary>
    public static ImageReference Parse(string repository, string? tag) => ImageReference.Parse(string.IsNullOrEmpty(tag)
        ? repository
        : tag.StartsWith("sha256:", StringComparison.Ordinal) ? $"{repository}@{tag}" : $"{repository}:{tag}");
}
