using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>A top-level volume. <see cref="Name"/> is the engine-side name: <c>project_key</c> unless set or external.</summary>
public sealed record VolumeDefinition(
    string Name,
    string? Driver,
    ImmutableSortedDictionary<string, string> DriverOpts,
    bool External,
    ImmutableSortedDictionary<string, string> Labels);
