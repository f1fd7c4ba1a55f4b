using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

public sealed record DeployConfig(
    string? Mode,
    int? Replicas,
    ImmutableSortedDictionary<string, string> Labels,
    RestartPolicy? RestartPolicy,
    UpdateConfig? UpdateConfig,
    ResourceSet? Limits,
    ResourceSet? Reservations);
