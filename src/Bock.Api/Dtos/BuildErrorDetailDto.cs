using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>A failed build: <see cref="Code"/> is the failing step's exit code (1 for any other failure).</summary>
public sealed record BuildErrorDetailDto
{
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}
