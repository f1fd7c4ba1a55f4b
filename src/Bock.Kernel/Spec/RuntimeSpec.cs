using System.Text.Json.Serialization;

namespace Bock.Kernel.Spec;

/// <summary>The OCI runtime spec's <c>config.json</c> (runtime-spec 1.2), the Linux subset runc honours.</summary>
public sealed record RuntimeSpec
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; init; } = SpecVersion.Current;
    [JsonPropertyName("process")] public ProcessSpec? Process { get; init; }
    [JsonPropertyName("root")] public RootSpec? Root { get; init; }
    [JsonPropertyName("hostname")] public string? Hostname { get; init; }
    [JsonPropertyName("domainname")] public string? Domainname { get; init; }
    [JsonPropertyName("mounts")] public IReadOnlyList<MountSpec>? Mounts { get; init; }
    [JsonPropertyName("hooks")] public HooksSpec? Hooks { get; init; }
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("linux")] public LinuxSpec? Linux { get; init; }
}

public sealed record RootSpec
{
    [JsonPropertyName("path")] public string Path { get; init; } = "rootfs";
    [JsonPropertyName("readonly")] public bool Readonly { get; init; }
}

public sealed record MountSpec
{
    [JsonPropertyName("destination")] public string Destination { get; init; } = "";
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("options")] public IReadOnlyList<string>? Options { get; init; }
}

public sealed record HooksSpec
{
    [JsonPropertyName("prestart")] public IReadOnlyList<HookSpec>? Prestart { get; init; }
    [JsonPropertyName("createRuntime")] public IReadOnlyList<HookSpec>? CreateRuntime { get; init; }
    [JsonPropertyName("createContainer")] public IReadOnlyList<HookSpec>? CreateContainer { get; init; }
    [JsonPropertyName("startContainer")] public IReadOnlyList<HookSpec>? StartContainer { get; init; }
    [JsonPropertyName("poststart")] public IReadOnlyList<HookSpec>? Poststart { get; init; }
    [JsonPropertyName("poststop")] public IReadOnlyList<HookSpec>? Poststop { get; init; }
}

public sealed record HookSpec
{
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("args")] public IReadOnlyList<string>? Args { get; init; }
    [JsonPropertyName("env")] public IReadOnlyList<string>? Env { get; init; }
    [JsonPropertyName("timeout")] public int? Timeout { get; init; }
}
