using System.Text.Json.Serialization;

namespace Bock.Host.Containers;

/// <summary>
/// A seccomp profile in Docker's format (Docker's default, podman's <c>/usr/share/containers/seccomp.json</c>, or a
/// user's <c>--security-opt seccomp=</c>): the OCI fields plus rules that apply only with (or without) some
/// capabilities or on some architectures.
/// </summary>
public sealed record SeccompProfile
{
    [JsonPropertyName("defaultAction")] public string DefaultAction { get; init; } = "SCMP_ACT_ALLOW";
    [JsonPropertyName("defaultErrnoRet")] public uint? DefaultErrnoRet { get; init; }
    [JsonPropertyName("architectures")] public IReadOnlyList<string>? Architectures { get; init; }
    [JsonPropertyName("archMap")] public IReadOnlyList<SeccompArchMap>? ArchMap { get; init; }
    [JsonPropertyName("flags")] public IReadOnlyList<string>? Flags { get; init; }
    [JsonPropertyName("syscalls")] public IReadOnlyList<SeccompProfileRule>? Syscalls { get; init; }
}
