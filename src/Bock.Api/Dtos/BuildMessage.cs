using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>
/// One line of <c>POST /build</c>'s answer. Docker's lines: <see cref="Stream"/> (human text), the image's
/// <c>aux.ID</c>, and a failure's <see cref="Error"/>/<see cref="ErrorDetail"/> as the last line. Bock's structured
/// lines for its own renderer carry <see cref="Id"/> <c>bock.step</c> (a step's state) or <c>bock.log</c> (a line of
/// a step's output) with the details in <see cref="Aux"/>.
/// </summary>
public sealed record BuildMessage
{
    public const string StepId = "bock.step";
    public const string LogId = "bock.log";

    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("aux")] public BuildAuxDto? Aux { get; init; }
    [JsonPropertyName("errorDetail")] public BuildErrorDetailDto? ErrorDetail { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
