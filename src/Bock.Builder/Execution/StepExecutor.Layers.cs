using Bock.Images.Layers;
using Bock.Images.Layers.Writing;

namespace Bock.Builder.Execution;

internal sealed partial class StepExecutor
{
    /// <summary>
    /// Turns a filled layer directory into the stage's next layer: a deterministic tar (LayerDiffWriter: mtimes
    /// clamped to SOURCE_DATE_EPOCH) stored gzip-compressed as a blob, the directory itself renamed into the layer's snapshot
    /// (the same format, so no unpack; with owners normalised, unpacked from the blob so that it matches), and the cache record written last, once the blob and snapshot exist.
    /// </summary>
    private async Task<StageState> CommitLayerAsync(StageState state, string layerDirectory, string key, string text, CancellationToken ct, string? nextKey = null)
    {
        var written = await LayerDiffWriter.WriteAsync(environment.Store, layerDirectory,
            new LayerWriteOptions(environment.Request.SourceDateEpoch, environment.Request.NormalizeOwners), ct);
        var parentChain = state.Layers.Count > 0 ? state.Layers[^1].ChainId : "";
        var chain = BuildCache.ChainOf(parentChain, written.DiffId);
        using (environment.Store.WriterLock())
        {
            await environment.Store.Snapshots.CommitAsync(chain, fs =>
            {
                if (environment.Request.NormalizeOwners)
                {
                    // The directory still has the owners the step gave its files; the snapshot must match the blob
                    // (0:0), so it is unpacked from the blob instead.
                    var lowers = state.Layers.Select(l => environment.Store.Snapshots.FsDir(l.ChainId)).Reverse().ToList();
                    using var blob = environment.Store.Blobs.OpenRead(written.Descriptor.Digest);
                    LayerUnpacker.Unpack(blob, fs, $"layer {written.Descriptor.Digest}", written.DiffId, () => lowers);
                    return Task.CompletedTask;
                }
                Directory.Delete(fs);
                Directory.Move(layerDirectory, fs);
                return Task.CompletedTask;
            });
        }
        if (Directory.Exists(layerDirectory)) Directory.Delete(layerDirectory, recursive: true); // the snapshot existed already
        environment.Cache.Record(key, new CacheRecord(written.DiffId, written.Descriptor));
        return state with
        {
            Layers = [.. state.Layers, new LayerRef(written.DiffId, written.Descriptor, chain)],
            History = [.. state.History, LayerHistory(text, key)],
            CacheKey = nextKey ?? key,
        };
    }
}
