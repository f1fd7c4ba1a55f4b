using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>The plainer per-container settings of a service, kept apart so <see cref="Service"/> stays readable.</summary>
public sealed record ServiceOptions(
    string? ContainerName,
    string? Hostname,
    string? User,
    string? WorkingDir,
    bool? Tty,
    bool? StdinOpen,
    bool? Privileged,
    bool? ReadOnly,
    bool? Init,
    ImmutableArray<string> CapAdd,
    ImmutableArray<string> CapDrop,
    string? StopSignal,
    TimeSpan? StopGracePeriod,
    ImmutableArray<string> ExtraHosts,
    ImmutableArray<string> Dns,
    ImmutableArray<string> DnsSearch,
    ImmutableSortedDictionary<string, string> Sysctls,
    ImmutableSortedDictionary<string, Ulimit> Ulimits,
    string? PullPolicy,
    LoggingConfig? Logging,
    long? MemLimit,
    double? Cpus,
    long? PidsLimit,
    long? ShmSize,
    int? Scale);
