using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>How to build the image. <see cref="Context"/> is absolute for a local directory, else a URL as written.</summary>
public sealed record BuildConfig(
    string Context,
    string Dockerfile,
    string? DockerfileInline,
    ImmutableSortedDictionary<string, string?> Args,
    string? Target,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableArray<string> CacheFrom,
    ImmutableArray<string> Tags,
    string? Network,
    bool? NoCache,
    bool? Pull);
