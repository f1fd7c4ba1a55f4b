using Bock.Images.Layers.Writing;

namespace Bock.Builder.Execution;

internal sealed partial class StepExecutor
{
    /// <summary>
    /// Turns a filled layer directory into the stage's next layer: a deterministic tar (LayerDiffWriter: mtimes
    /// clamped to SOURCE_DATE_EPOCH) stored gzip-compressed as a blob, the directory itself renamed into the layer's snapshot
    /// (the same format, so no unpack), and the cache record written last, once the blob and snapshot exist.
    /// </summary>
    private async Task<StageState> CommitLayerAsync(StageState state, string layerDirectory, string key, string text, CancellationToken ct)
    {
        var written = await LayerDiffWriter.WriteAsync(environment.Store, layerDirectory,
            new LayerWriteOptions(environment.Request.SourceDateEpoch, environment.Request.NormalizeOwners), ct);
        var parentChain = state.Layers.Count > 0 ? state.Layers[^1].ChainId : "";
        var chain = BuildCache.ChainOf(parentChain, written.DiffId);
        using (environment.Store.WriterLock())
        {
            await environment.Store.Snapshots.CommitAsync(chain, fs =>
            {
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
            CacheKey = key,
        };
    }
}
