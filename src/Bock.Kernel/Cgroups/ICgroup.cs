using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups;

/// <summary>A container's cgroup, whatever the host's cgroup version. Obtain one with
/// <see cref="CgroupLayout.Open"/>. Not thread-safe: callers serialize work per container.</summary>
public interface ICgroup
{
    CgroupMode Mode { get; }

    /// <summary>The path below each hierarchy root, without a leading slash (e.g. <c>bock/web</c>).</summary>
    string Path { get; }

    /// <summary>Creates the directories in every hierarchy (idempotent). v1: fills empty cpuset.cpus/mems from
    /// the parent at every new level; v2: enables controllers in every ancestor's cgroup.subtree_control and, given
    /// the <paramref name="resources"/> to apply later, fails early (naming the cause) if a controller they need
    /// cannot be enabled.</summary>
    void Create(ResourcesSpec? resources = null);

    /// <summary>Writes the limits. Returns warnings for settings this host cannot enforce (e.g. device rules on
    /// v2, swap on a kernel without memsw); throws <see cref="CgroupException"/> for a value the kernel refuses.</summary>
    IReadOnlyList<string> Apply(ResourcesSpec resources);

    /// <summary>Moves a process (all its threads) into the cgroup in every hierarchy.</summary>
    void AddProcess(int pid);

    /// <summary>
    /// Moves the calling thread alone into the cgroup, so that a process it then spawns starts inside. Cheap where
    /// the kernel allows it (a v1 thread moving itself skips the threadgroup lock and its RCU grace period, ~10 ms);
    /// returns false where it does not (v2), and the caller uses <see cref="AddProcess"/> instead.
    /// </summary>
    bool TryJoinCallingThread();

    /// <summary>Every process in the cgroup and its descendants.</summary>
    IReadOnlyList<int> Processes();

    /// <summary>Freezes every process and waits until the kernel reports the cgroup frozen.</summary>
    void Freeze(TimeSpan? timeout = null);

    void Thaw();

    bool IsFrozen { get; }

    /// <summary>How many processes the OOM killer has killed in this cgroup (0 when the kernel does not count).</summary>
    long OomKillCount();

    /// <summary>Signals every process; with the cgroup frozen meanwhile (or cgroup.kill on v2 for SIGKILL) so that
    /// a forking process cannot escape.</summary>
    void KillAll(int signal);

    /// <summary>Removes the cgroup's directories (children first) from every hierarchy, retrying briefly while
    /// killed processes exit. Idempotent; parents such as <c>bock/</c> are shared and left.</summary>
    void Destroy();

    /// <summary>True when the cgroup's directory exists in its main hierarchy.</summary>
    bool Exists { get; }

    /// <summary>The bind mounts for a <c>cgroup</c> mount inside the container.</summary>
    IReadOnlyList<CgroupMount> Mounts();

    CgroupStats Stats();
}
