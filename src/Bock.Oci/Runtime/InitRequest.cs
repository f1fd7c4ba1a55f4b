using System.Text.Json.Serialization;
using Bock.Kernel.Cgroups;
using Bock.Kernel.Spec;

namespace Bock.Oci.Runtime;

/// <summary>The parent's first message to <c>bock-oci init</c>: what to set up. See <see cref="SyncSocket"/> for the exchange.</summary>
public sealed record InitRequest
{
    [JsonPropertyName("mode")] public string Mode { get; init; } = InitModes.Create;
    [JsonPropertyName("stateDir")] public string StateDir { get; init; } = "";
    [JsonPropertyName("bundle")] public string Bundle { get; init; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; init; } = "";
    [JsonPropertyName("noPivot")] public bool NoPivot { get; init; }
    [JsonPropertyName("state")] public ContainerState State { get; init; } = new();
    /// <summary>For exec: the process to run and the container's init pid whose mount and cgroup namespaces to join.</summary>
    [JsonPropertyName("process")] public ProcessSpec? Process { get; init; }
    [JsonPropertyName("containerPid")] public int ContainerPid { get; init; }
    [JsonPropertyName("cgroupMounts")] public IReadOnlyList<CgroupMount> CgroupMounts { get; init; } = [];
    [JsonPropertyName("preserveFds")] public int PreserveFds { get; init; }
}

public static class InitModes
{
    public const string Create = "create";
    public const string Exec = "exec";
}

/// <summary>A message on the sync socket, either way.</summary>
public sealed record SyncMessage
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("error")] public string? Error { get; init; }
}

/// <summary>The message types, in the order they travel (see the table in <see cref="SyncSocket"/>).</summary>
public static class SyncTypes
{
    public const string CgroupJoined = "cgroup-joined";
    public const string RunHooks = "run-hooks";
    public const string HooksDone = "hooks-done";
    public const string Console = "console";
    public const string Ready = "ready";
    public const string Error = "error";
}
