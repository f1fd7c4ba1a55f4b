using Bock.Images.Archives;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;

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

    /// <summary>
    /// docker import: a rootfs tarball becomes a one-layer image; its id is the answer's one status line. A message
    /// becomes the history entry's comment, as Docker records it.
    /// </summary>
    public async Task<string> ImportAsync(Stream rootfs, ImageReference? name, IReadOnlyList<string> changes, string? message, Platform? platform, CancellationToken ct)
    {
        IReadOnlyList<ImageReference> names = name is null ? [] : [name];
        var image = await KeepingOrphansAsync(async () =>
        {
            if (string.IsNullOrEmpty(message))
                return await ImageArchive.ImportAsync(Store, rootfs, names, changes, platform, ct);
            // Bock.Images' import writes a fixed comment; with a message, the same steps with that comment.
            var config = ConfigChanges.Apply(new ContainerConfig(), changes);
            var layer = await ImageWriter.WriteLayerAsync(Store, rootfs, cancellationToken: ct);
            platform ??= Platform.Host;
            var now = DateTimeOffset.UtcNow;
            return ImageWriter.Commit(Store, [layer], new ImageConfig
            {
                Created = now,
                Architecture = platform.Architecture,
                Os = platform.Os,
                Variant = platform.Variant,
                Config = config,
                History = [new HistoryEntry { Created = now, CreatedBy = "bock import", Comment = message }],
            }, names);
        });
        if (name is null) KeepUntagged(image);
        return image.ConfigDigest;
    }
}
