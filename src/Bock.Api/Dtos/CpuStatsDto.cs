using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>CPU time of the container and of the whole host (<see cref="SystemCpuUsage"/>), both in nanoseconds.</summary>
public sealed record CpuStatsDto
{
    [JsonPropertyName("cpu_usage")] public required CpuUsageDto CpuUsage { get; init; }
    [JsonPropertyName("system_cpu_usage")] public ulong SystemCpuUsage { get; init; }
    [JsonPropertyName("online_cpus")] public uint OnlineCpus { get; init; }
}
