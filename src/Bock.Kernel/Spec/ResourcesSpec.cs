using System.Text.Json.Serialization;

namespace Bock.Kernel.Spec;

/// <summary><c>linux.resources</c>: what the cgroup drivers apply.</summary>
public sealed record ResourcesSpec
{
    [JsonPropertyName("devices")] public IReadOnlyList<DeviceCgroupRuleSpec>? Devices { get; init; }
    [JsonPropertyName("memory")] public MemorySpec? Memory { get; init; }
    [JsonPropertyName("cpu")] public CpuSpec? Cpu { get; init; }
    [JsonPropertyName("pids")] public PidsSpec? Pids { get; init; }
    [JsonPropertyName("unified")] public IReadOnlyDictionary<string, string>? Unified { get; init; }
}

public sealed record DeviceCgroupRuleSpec
{
    [JsonPropertyName("allow")] public bool Allow { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("major")] public long? Major { get; init; }
    [JsonPropertyName("minor")] public long? Minor { get; init; }
    [JsonPropertyName("access")] public string? Access { get; init; }
}

public sealed record MemorySpec
{
    [JsonPropertyName("limit")] public long? Limit { get; init; }
    [JsonPropertyName("reservation")] public long? Reservation { get; init; }
    [JsonPropertyName("swap")] public long? Swap { get; init; }
    [JsonPropertyName("kernel")] public long? Kernel { get; init; }
    [JsonPropertyName("swappiness")] public ulong? Swappiness { get; init; }
    [JsonPropertyName("disableOOMKiller")] public bool? DisableOomKiller { get; init; }
}

public sealed record CpuSpec
{
    [JsonPropertyName("shares")] public ulong? Shares { get; init; }
    [JsonPropertyName("quota")] public long? Quota { get; init; }
    [JsonPropertyName("period")] public ulong? Period { get; init; }
    [JsonPropertyName("realtimeRuntime")] public long? RealtimeRuntime { get; init; }
    [JsonPropertyName("realtimePeriod")] public ulong? RealtimePeriod { get; init; }
    [JsonPropertyName("cpus")] public string? Cpus { get; init; }
    [JsonPropertyName("mems")] public string? Mems { get; init; }
}

public sealed record PidsSpec
{
    [JsonPropertyName("limit")] public long Limit { get; init; }
}
