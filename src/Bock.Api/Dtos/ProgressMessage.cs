using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>
/// One line of a streamed answer (pull, push, load, import): Docker's jsonmessage.JSONMessage, lower-case names.
/// An error ends the stream with <see cref="Error"/> and <see cref="ErrorDetail"/> set.
/// </summary>
public sealed record ProgressMessage
{
    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("progressDetail")] public ProgressDetailDto? ProgressDetail { get; init; }
    [JsonPropertyName("progress")] public string? Progress { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("errorDetail")] public ErrorDetailDto? ErrorDetail { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("aux")] public PushResultDto? Aux { get; init; }
}
