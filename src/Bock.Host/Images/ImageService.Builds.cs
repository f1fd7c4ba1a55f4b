using Bock.Images.Content;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Host.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// Names a built image: each name moves to it (the image it named before stays, untagged), and an image built
    /// without a name stays as a dangling one, as Docker keeps it.
    /// </summary>
    public void TagBuilt(Image image, IReadOnlyList<ImageReference> names)
    {
        var record = new ImageRecord { Digest = image.ManifestDigest, MediaType = image.ManifestMediaType, Size = Store.Blobs.SizeOf(image.ManifestDigest) ?? 0 };
        KeepingOrphans(() =>
        {
            foreach (var name in names) Store.Tags.Set(name, record);
        });
        if (names.Count == 0) KeepUntagged(image);
    }
}
