using Bock.Images.Archives;
using Bock.Images.Oci;
using Bock.Images.Reference;

namespace Bock.Host.Images;

public sealed partial class ImageService
{
    /// <summary>docker load: a docker-archive or oci-archive; one <c>Loaded image</c> line per name (or id).</summary>
    public async Task LoadAsync(Stream archive, ProgressStream stream, CancellationToken ct)
    {
        var loaded = await KeepingOrphansAsync(() => ImageArchive.LoadAsync(Store, archive, cancellationToken: ct));
        foreach (var image in loaded)
        {
            if (image.Names.Count == 0)
            {
                KeepUntagged(image.Image);
                stream.Post(new ProgressMessage { Stream = $"Loaded image ID: {image.Image.ConfigDigest}\n" });
            }
            foreach (var name in image.Names)
                stream.Post(new ProgressMessage { Stream = $"Loaded image: {name.FamiliarName}\n" });
        }
    }

    /// <summary>docker save: the named images as one docker-archive, which docker load (and ours) reads.</summary>
    public void Save(IReadOnlyList<(ImageReference? Name, StoredImage Image)> images, Stream output) =>
        ImageArchive.Save(Store, [.. images.Select(i => (i.Name, i.Image.Image))], output, ArchiveFormat.DockerArchive);

    /// <summary>docker import: a rootfs tarball becomes a one-layer image; its id is the answer's one status line.</summary>
    public async Task<string> ImportAsync(Stream rootfs, ImageReference? name, IReadOnlyList<string> changes, Platform? platform, CancellationToken ct)
    {
        var image = await KeepingOrphansAsync(() => ImageArchive.ImportAsync(Store, rootfs, name is null ? [] : [name], changes, platform, ct));
        if (name is null) KeepUntagged(image);
        return image.ConfigDigest;
    }
}
