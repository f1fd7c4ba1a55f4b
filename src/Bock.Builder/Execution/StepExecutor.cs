using Bock.Builder.Graph;
using Bock.Images.Oci;
using Bock.Images.Store;

namespace Bock.Builder.Execution;

/// <summary>
/// Runs one step on a stage's state and returns the next state. Config steps change the config and history only;
/// RUN, COPY/ADD and a WORKDIR that must create its directory make a layer, looked up in the cache first by a key
/// chained on the parent's. The partial files hold RUN, COPY and the layer commit.
/// </summary>
internal sealed partial class StepExecutor(BuildEnvironment environment, IReadOnlyDictionary<string, StageState> stages)
{
    private const string HistoryComment = "bock.build.v1";

    public BuildEnvironment Environment => environment;

    /// <param name="vertex">The step's vertex number, for its output lines.</param>
    /// <param name="cached">Set when the result came from the cache.</param>
    public async Task<(StageState State, bool Cached)> ExecuteAsync(StageState state, BuildStep step, int vertex, CancellationToken ct)
    {
        var text = StepText.Of(step);
        return step switch
        {
            RunStep run => await RunAsync(state, run, text, vertex, ct),
            CopyStep copy => await CopyAsync(state, copy, text, vertex, ct),
            WorkdirStep workdir => await WorkdirAsync(state, workdir, text, ct),
            _ => (Configure(state, step, text), false),
        };
    }

    private StageState Configure(StageState state, BuildStep step, string text)
    {
        var c = state.Config;
        c = step switch
        {
            EnvStep env => c with { Env = SetEnv(c.Env ?? [], env.Variables) },
            LabelStep label => c with { Labels = Merge(c.Labels, label.Labels) },
            UserStep user => c with { User = user.User },
            ExposeStep expose => c with { ExposedPorts = Union(c.ExposedPorts, expose.Ports.Select(p => p.Contains('/') ? p : p + "/tcp")) },
            VolumeStep volume => c with { Volumes = Union(c.Volumes, volume.Paths) },
            EntrypointStep entrypoint => c with { Entrypoint = entrypoint.Command, Cmd = null },
            CmdStep cmd => c with { Cmd = cmd.Command },
            StopSignalStep signal => c with { StopSignal = signal.Signal },
            HealthcheckStep health => c with
            {
                Healthcheck = new HealthConfig
                {
                    Test = health.Test,
                    Interval = Nanoseconds(health.Interval),
                    Timeout = Nanoseconds(health.Timeout),
                    StartPeriod = Nanoseconds(health.StartPeriod),
                    StartInterval = Nanoseconds(health.StartInterval),
                    Retries = health.Retries ?? 0,
                },
            },
            OnbuildStep onbuild => c with { OnBuild = [.. c.OnBuild ?? [], onbuild.Instruction] },
            _ => c, // ARG (already substituted), SHELL (carried by each RunStep)
        };
        return state with
        {
            Config = c,
            History = [.. state.History, History(text, emptyLayer: true)],
            CacheKey = BuildCache.Key(state.CacheKey, text),
        };
    }

    private HistoryEntry History(string text, bool emptyLayer) =>
        new() { Created = environment.Now(), CreatedBy = text, Comment = HistoryComment, EmptyLayer = emptyLayer };

    /// <summary>A layer step's history entry carries its cache key, so the image can seed another daemon's cache (<c>cachefrom</c>).</summary>
    private HistoryEntry LayerHistory(string text, string key) =>
        new() { Created = environment.Now(), CreatedBy = text, Comment = CacheSeeds.Comment(key), EmptyLayer = false };

    private async Task<(StageState, bool)> WorkdirAsync(StageState state, WorkdirStep step, string text, CancellationToken ct)
    {
        var path = AbsolutePath(state, step.Path);
        var configured = state with { Config = state.Config with { WorkingDir = path } };
        var key = BuildCache.Key(state.CacheKey, "WORKDIR " + path);
        // Docker makes the directory: a layer only when it is missing.
        if (ExistsInLayers(state, path) != PathKind.Missing)
            return (configured with { History = [.. state.History, History(text, emptyLayer: true)], CacheKey = key }, false);
        if (Lookup(configured, key, text) is { } hit) return (hit, true);
        var layer = NewLayerDirectory();
        EnsureParents(layer, Path.Combine(layer, path.TrimStart('/'), "entry"));
        return (await CommitLayerAsync(configured, layer, key, text, ct), false);
    }

    /// <summary>A path relative to the stage's working directory made absolute, cleaned of <c>.</c> and <c>..</c> (never above /).</summary>
    internal static string AbsolutePath(StageState state, string path)
    {
        var full = path.StartsWith('/') ? path : state.WorkingDir.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    internal enum PathKind { Missing, Directory, Other }

    /// <summary>What <paramref name="path"/> is in the stage's layers, top layer first (a whiteout hides the ones below).</summary>
    internal PathKind ExistsInLayers(StageState state, string path)
    {
        var relative = path.TrimStart('/');
        if (relative.Length == 0) return PathKind.Directory;
        foreach (var dir in state.LowerDirs(environment.Store.Snapshots))
        {
            var full = Path.Combine(dir, relative);
            if (!FileStat.TryLstat(full, out var stat)) continue;
            if (stat.Type == FileStat.Char && stat.Rdev == 0) return PathKind.Missing;
            return stat.Type == FileStat.Directory ? PathKind.Directory : PathKind.Other;
        }
        return PathKind.Missing;
    }

    private static IReadOnlyList<string> SetEnv(IReadOnlyList<string> env, IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        var list = env.ToList();
        foreach (var (key, value) in variables)
        {
            var index = list.FindIndex(e => e.StartsWith(key + "=", StringComparison.Ordinal) || e == key);
            if (index >= 0) list[index] = key + "=" + value;
            else list.Add(key + "=" + value);
        }
        return list;
    }

    private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string>? existing, IEnumerable<KeyValuePair<string, string>> added)
    {
        var merged = new Dictionary<string, string>(existing ?? new Dictionary<string, string>());
        foreach (var (key, value) in added) merged[key] = value;
        return merged;
    }

    private static IReadOnlyDictionary<string, EmptyObject> Union(IReadOnlyDictionary<string, EmptyObject>? existing, IEnumerable<string> keys)
    {
        var merged = new Dictionary<string, EmptyObject>(existing ?? new Dictionary<string, EmptyObject>());
        foreach (var key in keys) merged[key] = new EmptyObject();
        return merged;
    }

    private static long Nanoseconds(TimeSpan? span) => span is { } s ? s.Ticks * 100 : 0;

    private string NewLayerDirectory()
    {
        var dir = Path.Combine(environment.WorkDirectory, "layer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private StageState? Lookup(StageState state, string key, string text)
    {
        if (environment.Request.NoCache) return null;
        var parentChain = state.Layers.Count > 0 ? state.Layers[^1].ChainId : "";
        if (environment.Cache.Lookup(key, environment.Store, parentChain) is not { } record) return null;
        var layer = new LayerRef(record.DiffId, record.Blob, BuildCache.ChainOf(parentChain, record.DiffId));
        return state with { Layers = [.. state.Layers, layer], History = [.. state.History, LayerHistory(text, key)], CacheKey = key };
    }

    /// <summary>
    /// A <c>COPY --link</c> hit: its blob is reused over whatever parent this build has, so the snapshot of that
    /// chain may not exist yet: it is unpacked from the blob over the parent's snapshots.
    /// </summary>
    private async Task<StageState?> LinkedLookupAsync(StageState state, string key, string nextKey, string text)
    {
        if (environment.Request.NoCache) return null;
        if (environment.Cache.LookupBlob(key, environment.Store) is not { } record) return null;
        var parentChain = state.Layers.Count > 0 ? state.Layers[^1].ChainId : "";
        var chain = BuildCache.ChainOf(parentChain, record.DiffId);
        if (!environment.Store.Snapshots.Exists(chain))
        {
            using (environment.Store.WriterLock())
            {
                await environment.Store.Snapshots.CommitAsync(chain, fs =>
                {
                    var lowers = state.Layers.Select(l => environment.Store.Snapshots.FsDir(l.ChainId)).Reverse().ToList();
                    using var blob = environment.Store.Blobs.OpenRead(record.Blob.Digest);
                    Bock.Images.Layers.LayerUnpacker.Unpack(blob, fs, $"layer {record.Blob.Digest}", record.DiffId, () => lowers);
                    return Task.CompletedTask;
                });
            }
        }
        var layer = new LayerRef(record.DiffId, record.Blob, chain);
        return state with { Layers = [.. state.Layers, layer], History = [.. state.History, LayerHistory(text, key)], CacheKey = nextKey };
    }
}
