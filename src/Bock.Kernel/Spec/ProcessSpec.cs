using System.Text.Json.Serialization;

namespace Bock.Kernel.Spec;

/// <summary>The container process: what runs, as whom, with which privileges and limits.</summary>
public sealed record ProcessSpec
{
    [JsonPropertyName("terminal")] public bool Terminal { get; init; }
    [JsonPropertyName("consoleSize")] public ConsoleSizeSpec? ConsoleSize { get; init; }
    [JsonPropertyName("user")] public UserSpec User { get; init; } = new();
    [JsonPropertyName("args")] public IReadOnlyList<string>? Args { get; init; }
    [JsonPropertyName("env")] public IReadOnlyList<string>? Env { get; init; }
    [JsonPropertyName("cwd")] public string Cwd { get; init; } = "/";
    [JsonPropertyName("capabilities")] public CapabilitiesSpec? Capabilities { get; init; }
    [JsonPropertyName("rlimits")] public IReadOnlyList<RlimitSpec>? Rlimits { get; init; }
    [JsonPropertyName("noNewPrivileges")] public bool NoNewPrivileges { get; init; }
    [JsonPropertyName("apparmorProfile")] public string? ApparmorProfile { get; init; }
    [JsonPropertyName("oomScoreAdj")] public int? OomScoreAdj { get; init; }
    [JsonPropertyName("selinuxLabel")] public string? SelinuxLabel { get; init; }
}

public sealed record ConsoleSizeSpec
{
    [JsonPropertyName("height")] public uint Height { get; init; }
    [JsonPropertyName("width")] public uint Width { get; init; }
}

public sealed record UserSpec
{
    [JsonPropertyName("uid")] public uint Uid { get; init; }
    [JsonPropertyName("gid")] public uint Gid { get; init; }
    [JsonPropertyName("umask")] public uint? Umask { get; init; }
    [JsonPropertyName("additionalGids")] public IReadOnlyList<uint>? AdditionalGids { get; init; }
}

public sealed record CapabilitiesSpec
{
    [JsonPropertyName("bounding")] public IReadOnlyList<string>? Bounding { get; init; }
    [JsonPropertyName("effective")] public IReadOnlyList<string>? Effective { get; init; }
    [JsonPropertyName("inheritable")] public IReadOnlyList<string>? Inheritable { get; init; }
    [JsonPropertyName("permitted")] public IReadOnlyList<string>? Permitted { get; init; }
    [JsonPropertyName("ambient")] public IReadOnlyList<string>? Ambient { get; init; }
}

public sealed record RlimitSpec
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("soft")] public ulong Soft { get; init; }
    [JsonPropertyName("hard")] public ulong Hard { get; init; }
}
