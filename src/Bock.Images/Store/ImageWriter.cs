using System.IO.Compression;
using System.Text.Json;
using Bock.Images.Layers;
using Bock.Images.Oci;
using Bock.Images.Reference;

namespace Bock.Images.Store;

/// <summary>Writes new images into a store: layers from tar streams, then config and OCI manifest.</summary>
public static class ImageWriter
{
    /// <summary>Stores a layer (tar or tar+gzip) gzip-compressed, and returns its descriptor and diff id.</summary>
    public static async Task<LayerWriteResult> WriteLayerAsync(ImageStore store, Stream tar, CompressionLevel level = CompressionLevel.Fastest,
        CancellationToken cancellationToken = default)
    {
        using IDisposable _ = store.WriterLock();
        string? diffId = null;
        // compressed straight into the blob store, hashed on the way: written once, never read back
        (string digest, long size) = await store.Blobs.IngestAsync(async (blob, ct) =>
        {
            await using var gzip = new GZipStream(blob, level, leaveOpen: true);
            using var hashing = new HashingStream(LayerCompression.OpenUncompressed(tar, "layer"));
            await hashing.CopyToAsync(gzip, 1 << 17, ct).ConfigureAwait(false);
            diffId = hashing.FinishDigest();
        }, cancellationToken).ConfigureAwait(false);
        return new LayerWriteResult(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = size }, diffId!);
    }

    /// <summary>Writes config and manifest for <paramref name="layers"/> and tags the image with <paramref name="names"/>.</summary>
    public static Image Commit(ImageStore store, IReadOnlyList<LayerWriteResult> layers, ImageConfig config, IEnumerable<ImageReference> names,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        using IDisposable _ = store.WriterLock();
        config = config with { RootFs = new RootFs { DiffIds = layers.Select(l => l.DiffId).ToList() } };
        byte[] configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImagesJsonContext.Default.ImageConfig);
        string configDigest = store.Blobs.Write(configBytes);
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest, Size = configBytes.Length },
            Layers = layers.Select(l => l.Descriptor).ToList(),
            Annotations = annotations,
        };
        byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJsonContext.Default.ImageManifest);
        return store.Commit(manifestBytes, MediaTypes.OciManifest, names);
    }
}
