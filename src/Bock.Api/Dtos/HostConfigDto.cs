namespace Bock.Api.Dtos;

/// <summary>The part of Docker's HostConfig that bockd honours.</summary>
public sealed record HostConfigDto
{
    public RestartPolicyDto? RestartPolicy { get; init; }
    public bool AutoRemove { get; init; }
    /// <summary><c>/host:/ctr[:ro|rw]</c>, <c>volume:/ctr[:ro]</c> or <c>/ctr</c> (an anonymous volume).</summary>
    public IReadOnlyList<string>? Binds { get; init; }
    public IReadOnlyList<MountDto>? Mounts { get; init; }
    /// <summary>Container path → tmpfs options (<c>size=64m,mode=1777</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public long Memory { get; init; }
    public long MemorySwap { get; init; }
    public long NanoCpus { get; init; }
    public long CpuShares { get; init; }
    public long? PidsLimit { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public bool Privileged { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    public IReadOnlyList<UlimitDto>? Ulimits { get; init; }
    public bool? Init { get; init; }
    /// <summary><c>none</c> (the default until bridges exist; Docker's <c>default</c> and <c>bridge</c> mean it too) or <c>host</c>.</summary>
    public string? NetworkMode { get; init; }
}
