using System.Text.Json.Serialization;

namespace Bock.Oci.Shim;

/// <summary>How the container ended: the exit file's content and the answer to <c>wait</c>.</summary>
public sealed record ExitRecord(
    [property: JsonPropertyName("exitCode")] int ExitCode,
    [property: JsonPropertyName("signal")] int Signal,
    [property: JsonPropertyName("oomKilled")] bool OomKilled,
    [property: JsonPropertyName("exitedAt")] string ExitedAt);
