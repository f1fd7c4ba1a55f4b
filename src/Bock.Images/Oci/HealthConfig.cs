using System.Text.Json.Serialization;

namespace Bock.Images.Oci;

/// <summary>
/// Docker's HEALTHCHECK as stored in an image's <c>config.Healthcheck</c> (a Docker extension the OCI spec leaves
/// alone): the test command and its timing in nanoseconds, 0 meaning "the default".
/// </summary>
public sealed record HealthConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Test { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Interval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Timeout { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long StartPeriod { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long StartInterval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Retries { get; init; }
}
