using System.Text.Json.Serialization;

namespace Bock.Oci.Runtime;

/// <summary>What bock-oci remembers about a container between invocations (<c>ROOT/ID/state.json</c>).</summary>
public sealed record ContainerRecord
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("bundle")] public string Bundle { get; init; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; init; } = "";
    [JsonPropertyName("pid")] public int Pid { get; init; }
    /// <summary>The init process's start time in clock ticks (/proc/PID/stat field 22), so a reused pid is not mistaken for it.</summary>
    [JsonPropertyName("pidStartTime")] public ulong PidStartTime { get; init; }
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
    [JsonPropertyName("cgroupsPath")] public string CgroupsPath { get; init; } = "";
    [JsonPropertyName("owner")] public string Owner { get; init; } = "root";
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
