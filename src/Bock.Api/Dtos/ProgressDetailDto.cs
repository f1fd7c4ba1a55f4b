using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>Bytes done of a layer; <c>{}</c> (both null) for statuses without a count.</summary>
public sealed record ProgressDetailDto
{
    [JsonPropertyName("current")] public long? Current { get; init; }
    [JsonPropertyName("total")] public long? Total { get; init; }
}
