using Bock.Images.Oci;

namespace Bock.Builder.Execution;

/// <summary>
/// A stage between two steps: the layers so far, the image config the steps made, its history, and the cache key
/// that names exactly this state (every later step's key chains on it).
/// </summary>
public sealed record StageState(IReadOnlyList<LayerRef> Layers, ContainerConfig Config, IReadOnlyList<HistoryEntry> History, string CacheKey)
{
    /// <summary>The snapshot dirs, top layer first, as overlayfs wants them.</summary>
    public IReadOnlyList<string> LowerDirs(Bock.Images.Snapshots.OverlaySnapshotter snapshots) =>
        [.. Layers.Reverse().Select(l => snapshots.FsDir(l.ChainId))];

    public IReadOnlyList<string> Env => Config.Env ?? [];

    public string WorkingDir => string.IsNullOrEmpty(Config.WorkingDir) ? "/" : Config.WorkingDir;
}
