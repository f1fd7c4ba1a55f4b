using Bock.Images.Reference;

namespace Bock.Host.Builds;

/// <summary>The query and headers of one <c>POST /build</c>, checked before the build starts (a bad one is a 400).</summary>
internal sealed record BuildOptions
{
    public IReadOnlyList<ImageReference> Tags { get; init; } = [];
    public string? Dockerfile { get; init; }
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Target { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    /// <summary><c>cachefrom</c>: images whose layers seed the step cache.</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];
    public bool Quiet { get; init; }
    public long? SourceDateEpoch { get; init; }
    /// <summary><c>normalizeowners</c> (bock's): every layer entry owned by 0:0.</summary>
    public bool NormalizeOwners { get; init; }
    public IReadOnlyList<BuildOutputDto> Outputs { get; init; } = [];
    public bool Push { get; init; }
    public string? RegistryAuth { get; init; }
    public string? RegistryConfig { get; init; }
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>No outputs asked for is Docker's default: the image, tagged in the store.</summary>
    public bool StoresImage => Outputs.Count == 0 || Outputs.Any(o => o.Type is null or "image");
}
