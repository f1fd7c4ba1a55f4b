using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

public sealed record ErrorDetailDto
{
    [JsonPropertyName("message")] public required string Message { get; init; }
}
