using System.IO.Compression;
using Bock.Images.Oci;
using Bock.Images.Store;

namespace Bock.Images.Layers.Writing;

/// <summary>
/// Turns a directory in overlay upper format (a build step's upper dir, a snapshot) into an OCI layer: a
/// deterministic tar (see <see cref="LayerTreeWalker"/> for the order, <see cref="TarStreamWriter"/> for the bytes),
/// its diff id, and the gzip blob in the store. File contents are streamed, never held whole in memory. The work
/// runs on the thread pool, never on the caller's thread.
/// </summary>
public static class LayerDiffWriter
{
    /// <summary>
    /// Writes the layer of <paramref name="layerDir"/> gzip-compressed into the store's blobs and returns its
    /// descriptor (<c>application/vnd.oci.image.layer.v1.tar+gzip</c>) and diff id (sha256 of the tar).
    /// </summary>
    public static async Task<LayerWriteResult> WriteAsync(ImageStore store, string layerDir, LayerWriteOptions options, CancellationToken ct = default)
    {
        using IDisposable _ = store.WriterLock();
        string? diffId = null;
        (string digest, long size) = await store.Blobs.IngestAsync(async (blob, token) =>
        {
            // GZipStream writes a header with no name, mtime 0 and the OS byte of the zlib build: the blob depends
            // only on the tar bytes (and the zlib-ng version that compresses them).
            await using var gzip = new GZipStream(blob, CompressionLevel.Fastest, leaveOpen: true);
            await using var tar = new HashingWriteStream(gzip, leaveOpen: true);
            await WriteTarAsync(layerDir, tar, options, token).ConfigureAwait(false);
            diffId = tar.FinishDigest();
        }, ct).ConfigureAwait(false);
        return new LayerWriteResult(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = size }, diffId!);
    }

    /// <summary>Writes the uncompressed layer tar of <paramref name="layerDir"/> to <paramref name="output"/> (left open).</summary>
    public static Task WriteTarAsync(string layerDir, Stream output, LayerWriteOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // the walk and the file reads are blocking calls: keep them off the caller's thread (an actor's, say)
        return Task.Run(() => WriteTarCoreAsync(layerDir, output, options, ct), ct);
    }

    private static async Task WriteTarCoreAsync(string layerDir, Stream output, LayerWriteOptions options, CancellationToken ct)
    {
        await using var writer = new TarStreamWriter(output);
        foreach (LayerTarEntry entry in new LayerTreeWalker(layerDir, options).Walk(ct))
        {
            try
            {
                await writer.WriteEntryAsync(entry, ct).ConfigureAwait(false);
            }
            finally
            {
                entry.Content?.Dispose();
            }
        }
        await writer.FinishAsync(ct).ConfigureAwait(false);
    }
}
