using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>
/// One service. Null means "not set" (the image's or the engine's default applies); lists and maps are empty when
/// not set. Environment values are null for a variable named without a value that the environment does not set.
/// </summary>
/// <param name="Extensions">The service's <c>x-*</c> keys (for example <c>x-bock-probes</c>), as plain data:
/// <see cref="ImmutableSortedDictionary{TKey,TValue}"/>, <see cref="ImmutableArray{T}"/>, string, long, double, bool or null.</param>
public sealed record Service(
    string Name,
    string? Image,
    BuildConfig? Build,
    ImmutableArray<string>? Command,
    ImmutableArray<string>? Entrypoint,
    ImmutableSortedDictionary<string, string?> Environment,
    ImmutableArray<string> EnvFiles,
    ImmutableArray<ServicePort> Ports,
    ImmutableArray<string> Expose,
    ImmutableArray<ServiceVolume> Volumes,
    ImmutableArray<string> Tmpfs,
    ImmutableSortedDictionary<string, ServiceDependency> DependsOn,
    Healthcheck? Healthcheck,
    DeployConfig? Deploy,
    string? Restart,
    ImmutableSortedDictionary<string, ServiceNetwork?> Networks,
    string? NetworkMode,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableArray<string> Profiles,
    ServiceOptions Options,
    ImmutableArray<ServiceFileReference> Secrets,
    ImmutableArray<ServiceFileReference> Configs,
    ImmutableSortedDictionary<string, object?> Extensions);
