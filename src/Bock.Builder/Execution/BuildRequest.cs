using Bock.Builder.Context;
using Bock.Builder.Graph;

namespace Bock.Builder.Execution;

/// <summary>
/// One build as the engine runs it: the compiled graph, the unpacked context (with its ignore file applied by
/// <see cref="Ignore"/>), and the options of <c>POST /build</c> that change how steps run.
/// </summary>
public sealed record BuildRequest(BuildGraph Graph, string ContextDirectory, IgnoreMatcher Ignore)
{
    /// <summary>Skip cache lookups (results are still recorded).</summary>
    public bool NoCache { get; init; }

    /// <summary>Pull every FROM image even when it is stored.</summary>
    public bool Pull { get; init; }

    /// <summary>Images whose layers, made by this builder, seed the step cache (<see cref="CacheSeeds"/>).</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>SOURCE_DATE_EPOCH: config and history <c>created</c>, and layer mtimes clamped to it.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>
    /// Every layer entry owned by 0:0 (bock's <c>normalizeowners</c>), as reproducible-build tools do. Part of every
    /// step's cache key, through the stage's base key: a layer written with it differs from one written without.
    /// </summary>
    public bool NormalizeOwners { get; init; }

    /// <summary>Labels added to the final image's config.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Secrets by id, for <c>RUN --mount=type=secret</c>.</summary>
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>();
}
