namespace Bock.Api.Dtos;

/// <summary>Docker's HostConfig: what the host gives the container (mounts, limits, privileges, restart policy).</summary>
public sealed record HostConfigDto
{
    /// <summary><c>/host:/ctr[:ro|rw]</c> or <c>volume-name:/ctr[:ro]</c>.</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    public IReadOnlyList<MountDto>? Mounts { get; init; }

    /// <summary>Container path → mount options (<c>size=64m,mode=1777</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }

    public RestartPolicyDto? RestartPolicy { get; init; }
    public bool AutoRemove { get; init; }
    public string? NetworkMode { get; init; }

    /// <summary>"80/tcp" → where the host publishes it (<c>-p</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PortBindingDto>?>? PortBindings { get; init; }

    /// <summary><c>-P</c>: every exposed port on a free host port.</summary>
    public bool PublishAllPorts { get; init; }

    /// <summary>Bytes; 0 is unlimited.</summary>
    public long Memory { get; init; }

    /// <summary>Memory plus swap in bytes; -1 is unlimited swap.</summary>
    public long MemorySwap { get; init; }

    /// <summary>CPU quota in units of 10⁻⁹ CPUs (<c>--cpus 1.5</c> is 1500000000).</summary>
    public long NanoCpus { get; init; }

    public long CpuShares { get; init; }
    public long? PidsLimit { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public bool Privileged { get; init; }
    public bool ReadonlyRootfs { get; init; }

    /// <summary><c>no-new-privileges</c>, <c>seccomp=unconfined</c>, <c>seccomp=&lt;profile JSON&gt;</c>.</summary>
    public IReadOnlyList<string>? SecurityOpt { get; init; }

    public bool? Init { get; init; }
    public IReadOnlyList<UlimitDto>? Ulimits { get; init; }
    public IReadOnlyList<string>? Dns { get; init; }
    public IReadOnlyList<string>? DnsSearch { get; init; }
    public IReadOnlyList<string>? DnsOptions { get; init; }
    public IReadOnlyList<string>? ExtraHosts { get; init; }
}
