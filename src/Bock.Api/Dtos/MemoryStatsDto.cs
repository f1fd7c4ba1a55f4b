using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>Memory in bytes; without a limit of its own the container's <see cref="Limit"/> is the host's memory, as Docker reports it.</summary>
public sealed record MemoryStatsDto
{
    [JsonPropertyName("usage")] public ulong Usage { get; init; }
    [JsonPropertyName("limit")] public ulong Limit { get; init; }
    [JsonPropertyName("stats")] public IReadOnlyDictionary<string, ulong> Stats { get; init; } = new Dictionary<string, ulong>();
}
