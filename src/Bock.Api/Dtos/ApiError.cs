using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

/// <summary>Docker's error body.</summary>
public sealed record ApiError([property: JsonPropertyName("message")] string Message);
