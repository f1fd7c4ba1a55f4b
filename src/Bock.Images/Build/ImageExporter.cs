using Bock.Images.Archives;
using Bock.Images.Layers;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Images.Build;

/// <summary>
/// Writes a built image out for <c>--output</c>: as an oci-archive or a <c>docker save</c> tar (the writer of
/// <c>bock save</c>, for one image), or as its merged file system in a directory.
/// </summary>
public static class ImageExporter
{
    public static async Task ExportAsync(ImageStore store, Image image, BuildOutput output, ImageReference? name = null,
        (int Uid, int Gid)? owner = null, Action<string>? note = null, CancellationToken ct = default)
    {
        switch (output.Type)
        {
            case BuildOutputType.Oci or BuildOutputType.Docker:
                await WriteArchiveFileAsync(store, image, name, output.Destination,
                    output.Type == BuildOutputType.Oci ? ArchiveFormat.OciArchive : ArchiveFormat.DockerArchive, ct).ConfigureAwait(false);
                break;
            case BuildOutputType.Local:
                await WriteLocalAsync(store, image, output.Destination, owner, note, ct).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(output), output.Type, "unknown output type");
        }
    }

    /// <summary>The archive of <paramref name="image"/> to a stream (the daemon may send it to the client).</summary>
    public static void WriteArchive(ImageStore store, Image image, ImageReference? name, Stream output, ArchiveFormat format) =>
        ImageArchive.Save(store, [(name, image)], output, format);

    /// <summary>
    /// The archive to <paramref name="path"/>: written beside it and renamed into place, so a failed export leaves
    /// no half archive (and an existing file stays until the new one is whole).
    /// </summary>
    public static async Task WriteArchiveFileAsync(ImageStore store, Image image, ImageReference? name, string path, ArchiveFormat format,
        CancellationToken ct = default)
    {
        // bock save skips blobs it lacks; a build's output without one of its layers would be no image at all
        foreach (Descriptor layer in image.Manifest.Layers)
        {
            if (!store.Blobs.Exists(layer.Digest) && !MediaTypes.IsNonDistributable(layer.MediaType))
                throw new ImageFormatException($"image {image.ManifestDigest}: layer {layer.Digest} is not in the store");
        }
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await Task.Run(() => WriteArchive(store, image, name, file, format), ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// The image's merged file system into <paramref name="directory"/> (created if missing): every layer applied in
    /// order, whiteouts applied, nothing written outside it. <paramref name="owner"/> owns every file when given
    /// (the user who asked, rather than the image's owners).
    /// </summary>
    public static async Task WriteLocalAsync(ImageStore store, Image image, string directory, (int Uid, int Gid)? owner = null,
        Action<string>? note = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        IReadOnlyList<string> diffIds = image.Config.RootFs.DiffIds;
        if (diffIds.Count != image.Manifest.Layers.Count)
            throw new ImageFormatException($"image {image.ManifestDigest}: {image.Manifest.Layers.Count} layers but {diffIds.Count} diff ids in the config");
        for (int i = 0; i < diffIds.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            Descriptor layer = image.Manifest.Layers[i];
            if (!store.Blobs.Exists(layer.Digest) && MediaTypes.IsNonDistributable(layer.MediaType))
            {
                note?.Invoke($"layer {layer.Digest} is non-distributable and was not pulled: skipped");
                continue;
            }
            string diffId = diffIds[i];
            LayerUnpackResult result = await Task.Run(() =>
            {
                using Stream blob = store.Blobs.OpenRead(layer.Digest);
                return LayerUnpacker.ApplyMerged(blob, directory, $"layer {layer.Digest}", diffId, owner);
            }, ct).ConfigureAwait(false);
            foreach (string n in result.Notes)
                note?.Invoke(n);
        }
    }
}
