using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>
/// A compose project after every file is merged, every variable interpolated, <c>extends</c> and <c>include</c>
/// resolved, profiles applied and every short syntax expanded. What the orchestrator runs; what <c>config</c> prints.
/// </summary>
/// <param name="WorkingDirectory">The project directory, against which relative paths were resolved.</param>
/// <param name="DisabledServices">Services left out because none of their profiles is active.</param>
/// <param name="Extensions">Top-level <c>x-*</c> keys, kept for Bock's own extensions.</param>
public sealed record Project(
    string Name,
    string WorkingDirectory,
    ImmutableSortedDictionary<string, Service> Services,
    ImmutableSortedDictionary<string, NetworkDefinition> Networks,
    ImmutableSortedDictionary<string, VolumeDefinition> Volumes,
    ImmutableSortedDictionary<string, FileObjectDefinition> Secrets,
    ImmutableSortedDictionary<string, FileObjectDefinition> Configs,
    ImmutableArray<string> DisabledServices,
    ImmutableSortedDictionary<string, object?> Extensions);
