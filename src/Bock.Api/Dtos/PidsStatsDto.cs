using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>pids controller figures; a null limit is "max".</summary>
public sealed record PidsStatsDto
{
    [JsonPropertyName("current")] public ulong Current { get; init; }
    [JsonPropertyName("limit")] public ulong? Limit { get; init; }
}
