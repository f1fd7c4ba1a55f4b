using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>
/// GET /containers/{id}/stats: one sample in Docker's shape (snake_case, as dockerd writes it). <see cref="PreCpuStats"/>
/// is the previous sample's CPU figures, from which clients compute a percentage with <c>system_cpu_usage</c>.
/// </summary>
public sealed record ContainerStatsResponse
{
    [JsonPropertyName("read")] public required string Read { get; init; }
    [JsonPropertyName("preread")] public required string PreRead { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("num_procs")] public uint NumProcs { get; init; }
    [JsonPropertyName("pids_stats")] public required PidsStatsDto PidsStats { get; init; }
    [JsonPropertyName("cpu_stats")] public required CpuStatsDto CpuStats { get; init; }
    [JsonPropertyName("precpu_stats")] public required CpuStatsDto PreCpuStats { get; init; }
    [JsonPropertyName("memory_stats")] public required MemoryStatsDto MemoryStats { get; init; }
}
