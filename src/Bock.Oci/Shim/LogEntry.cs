using System.Text.Json.Serialization;

namespace Bock.Oci.Shim;

/// <summary>One line of Docker's json-file log driver.</summary>
public sealed record LogEntry(
    [property: JsonPropertyName("log")] string Log,
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("time")] string Time);
