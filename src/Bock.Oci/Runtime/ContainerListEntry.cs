using System.Text.Json.Serialization;

namespace Bock.Oci.Runtime;

/// <summary>One row of <c>bock-oci list --format json</c>, runc's shape.</summary>
public sealed record ContainerListEntry
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; init; } = Bock.Kernel.Spec.SpecVersion.Current;
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("pid")] public int Pid { get; init; }
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("bundle")] public string Bundle { get; init; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; init; } = "";
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
    [JsonPropertyName("owner")] public string Owner { get; init; } = "";
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
