using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bock.Api.Dtos;

// The answer of POST /build, one JSON object a line (Docker's jsonmessage, plus bock's structured step events). The
// build's types live in one file so that the CLI's and the engine's versions merge as one.

/// <summary>
/// One line of a build's progress stream: <c>{"stream":"text"}</c> (BuildKit-like plain lines), <c>{"aux":{"ID":…}}</c>
/// (the image id, <see cref="BuildResultAux"/>), <c>{"id":"bock.step","aux":…}</c> (<see cref="BuildStepAux"/>),
/// <c>{"id":"bock.log","aux":…}</c> (<see cref="BuildLogAux"/>), and on failure a last line with
/// <see cref="ErrorDetail"/> and <see cref="Error"/>.
/// </summary>
public sealed record BuildProgressLine
{
    /// <summary>The <see cref="Id"/> of a step event.</summary>
    public const string StepId = "bock.step";

    /// <summary>The <see cref="Id"/> of an output line of a step.</summary>
    public const string LogId = "bock.log";

    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("aux")] public JsonElement? Aux { get; init; }
    [JsonPropertyName("errorDetail")] public BuildErrorDetail? ErrorDetail { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}

/// <summary>Why a build failed: <see cref="Message"/> starts with the spec's <c>file:line:column</c> when there is one.</summary>
public sealed record BuildErrorDetail
{
    [JsonPropertyName("code")] public int? Code { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}

/// <summary>The <c>aux</c> of the line that names the built image: <c>{"ID":"sha256:…"}</c>.</summary>
public sealed record BuildResultAux
{
    [JsonPropertyName("ID")] public required string Id { get; init; }
}

/// <summary>
/// A step (vertex) changed state: <c>Status</c> is started, cached, done or error; <c>Index</c>/<c>Count</c> number
/// it within its stage (<c>[busybox 2/6] RUN …</c>), <c>Seconds</c> is its duration once it ended.
/// </summary>
public sealed record BuildStepAux
{
    public const string Started = "started";
    public const string Cached = "cached";
    public const string Done = "done";
    public const string Failed = "error";

    public int Vertex { get; init; }
    public string? Stage { get; init; }
    public int Index { get; init; }
    public int Count { get; init; }
    public required string Name { get; init; }
    public required string Status { get; init; }
    public double? Seconds { get; init; }
}

/// <summary>One line of a running step's output.</summary>
public sealed record BuildLogAux
{
    public int Vertex { get; init; }
    public required string Line { get; init; }
}
