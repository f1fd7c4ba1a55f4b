using System.Text.Json.Serialization;

namespace Bock.Kernel.Spec;

/// <summary>The OCI state of a container, as <c>bock-oci state</c> prints it and hooks receive it on stdin.</summary>
public sealed record ContainerState
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; init; } = SpecVersion.Current;
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("pid")] public int Pid { get; init; }
    [JsonPropertyName("bundle")] public string Bundle { get; init; } = "";
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
