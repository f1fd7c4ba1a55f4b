using System.Text.Json.Serialization;

namespace Bock.Kernel.Spec;

/// <summary><c>linux.seccomp</c>: the OCI seccomp profile, compiled to classic BPF by <c>Bock.Kernel.Seccomp</c>.</summary>
public sealed record SeccompSpec
{
    [JsonPropertyName("defaultAction")] public string DefaultAction { get; init; } = "SCMP_ACT_ALLOW";
    [JsonPropertyName("defaultErrnoRet")] public uint? DefaultErrnoRet { get; init; }
    [JsonPropertyName("architectures")] public IReadOnlyList<string>? Architectures { get; init; }
    [JsonPropertyName("flags")] public IReadOnlyList<string>? Flags { get; init; }
    [JsonPropertyName("listenerPath")] public string? ListenerPath { get; init; }
    [JsonPropertyName("syscalls")] public IReadOnlyList<SeccompSyscallSpec>? Syscalls { get; init; }
}

public sealed record SeccompSyscallSpec
{
    [JsonPropertyName("names")] public IReadOnlyList<string> Names { get; init; } = [];
    [JsonPropertyName("action")] public string Action { get; init; } = "";
    [JsonPropertyName("errnoRet")] public uint? ErrnoRet { get; init; }
    [JsonPropertyName("args")] public IReadOnlyList<SeccompArgSpec>? Args { get; init; }
}

public sealed record SeccompArgSpec
{
    [JsonPropertyName("index")] public uint Index { get; init; }
    [JsonPropertyName("value")] public ulong Value { get; init; }
    [JsonPropertyName("valueTwo")] public ulong ValueTwo { get; init; }
    [JsonPropertyName("op")] public string Op { get; init; } = "";
}
