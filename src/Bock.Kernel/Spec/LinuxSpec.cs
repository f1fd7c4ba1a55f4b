using System.Text.Json.Serialization;

namespace Bock.Kernel.Spec;

/// <summary>The <c>linux</c> section of config.json.</summary>
public sealed record LinuxSpec
{
    [JsonPropertyName("namespaces")] public IReadOnlyList<NamespaceSpec>? Namespaces { get; init; }
    [JsonPropertyName("uidMappings")] public IReadOnlyList<IdMappingSpec>? UidMappings { get; init; }
    [JsonPropertyName("gidMappings")] public IReadOnlyList<IdMappingSpec>? GidMappings { get; init; }
    [JsonPropertyName("devices")] public IReadOnlyList<DeviceSpec>? Devices { get; init; }
    [JsonPropertyName("cgroupsPath")] public string? CgroupsPath { get; init; }
    [JsonPropertyName("resources")] public ResourcesSpec? Resources { get; init; }
    [JsonPropertyName("sysctl")] public IReadOnlyDictionary<string, string>? Sysctl { get; init; }
    [JsonPropertyName("seccomp")] public SeccompSpec? Seccomp { get; init; }
    [JsonPropertyName("rootfsPropagation")] public string? RootfsPropagation { get; init; }
    [JsonPropertyName("maskedPaths")] public IReadOnlyList<string>? MaskedPaths { get; init; }
    [JsonPropertyName("readonlyPaths")] public IReadOnlyList<string>? ReadonlyPaths { get; init; }
    [JsonPropertyName("mountLabel")] public string? MountLabel { get; init; }
}

public sealed record NamespaceSpec
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("path")] public string? Path { get; init; }
}

public sealed record IdMappingSpec
{
    [JsonPropertyName("containerID")] public uint ContainerId { get; init; }
    [JsonPropertyName("hostID")] public uint HostId { get; init; }
    [JsonPropertyName("size")] public uint Size { get; init; }
}

public sealed record DeviceSpec
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("major")] public long Major { get; init; }
    [JsonPropertyName("minor")] public long Minor { get; init; }
    [JsonPropertyName("fileMode")] public uint? FileMode { get; init; }
    [JsonPropertyName("uid")] public uint? Uid { get; init; }
    [JsonPropertyName("gid")] public uint? Gid { get; init; }
}
