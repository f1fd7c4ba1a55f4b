using Bock.Kernel.Native;
using Bock.Kernel.Spec;
using Tmds.Linux;

namespace Bock.Kernel.Security;

/// <summary>
/// The privilege steps container init takes on its main thread just before execve. Each is a separate call so
/// init can order them as runc's finalizeNamespace does: rlimits and oom_score_adj while still privileged, then
/// <see cref="DropBoundingSet"/>, <see cref="SetUser"/> (capabilities kept across the uid change),
/// <see cref="ApplyCapabilities"/>, and <see cref="SetNoNewPrivileges"/> last before seccomp and execve.
/// Capability sets and no_new_privs belong to the calling thread; set*id and setgroups go through glibc, which
/// applies them to every thread of the process.
/// </summary>
public sealed class ProcessSecurity
{
    private readonly ISecurityKernel _kernel;

    public ProcessSecurity() : this(LinuxSecurityKernel.Process)
    {
    }

    internal ProcessSecurity(ISecurityKernel kernel) => _kernel = kernel;

    /// <summary>Sets each rlimit on <paramref name="pid"/> (0: this process) with prlimit, in the order given.</summary>
    public void ApplyRlimits(IReadOnlyList<RlimitSpec>? rlimits, int pid = 0)
    {
        foreach (var rlimit in rlimits ?? [])
        {
            if (!Rlimits.TryGetResource(rlimit.Type, out var resource))
                throw new ArgumentException($"unknown rlimit type \"{rlimit.Type}\"", nameof(rlimits));
            var errno = _kernel.TrySetRlimit(pid, resource, rlimit.Soft, rlimit.Hard);
            if (errno != 0)
                throw new KernelException(DescribeRlimitFailure(pid, resource, rlimit, errno), errno);
        }
    }

    private string DescribeRlimitFailure(int pid, int resource, RlimitSpec rlimit, int errno)
    {
        var what = $"setrlimit {rlimit.Type} soft={Format(rlimit.Soft)} hard={Format(rlimit.Hard)}";
        if (rlimit.Soft > rlimit.Hard)
            return $"{what}: the soft limit is above the hard limit";
        if (errno != LibC.EPERM)
            return what;
        (ulong Soft, ulong Hard) current;
        try
        {
            current = _kernel.GetRlimit(pid, resource);
        }
        catch (KernelException)
        {
            return what;
        }
        if (rlimit.Hard > current.Hard)
            return $"{what}: the hard limit cannot be raised above the current {Format(current.Hard)} without " +
                "CAP_SYS_RESOURCE (missing from this process's capability set or bounding set)";
        return resource == 7
            ? $"{what}: RLIMIT_NOFILE cannot exceed /proc/sys/fs/nr_open"
            : what;
    }

    private static string Format(ulong limit) => limit == Resource.RLIM_INFINITY ? "unlimited" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes /proc/&lt;pid&gt;/oom_score_adj (0: this process). Lowering the score needs CAP_SYS_RESOURCE.</summary>
    public void ApplyOomScoreAdj(int score, int pid = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, -1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 1000);
        _kernel.WriteOomScoreAdj(pid, score);
    }

    /// <summary>
    /// Drops from the calling thread's bounding set every capability not in <c>bounding</c>, up to the kernel's
    /// cap_last_cap (a spec may name capabilities this kernel does not have). A null spec changes nothing, as in runc.
    /// Needs CAP_SETPCAP, so it comes before <see cref="SetUser"/>.
    /// </summary>
    public void DropBoundingSet(CapabilitiesSpec? capabilities)
    {
        if (capabilities is null)
            return;
        var keep = Capabilities.Mask(capabilities.Bounding);
        var last = Math.Min(_kernel.LastCapability(), 63);
        for (var capability = 0; capability <= last; capability++)
            if ((keep & 1UL << capability) == 0)
                _kernel.DropFromBoundingSet(capability);
    }

    /// <summary>
    /// setgroups, setresgid, setresuid, then the umask (0022 when the spec has none, as runc: the caller's own umask
    /// must not leak into the container). PR_SET_KEEPCAPS is on during the change so the permitted set
    /// survives leaving uid 0 (the effective set is still cleared: <see cref="ApplyCapabilities"/> restores it), and
    /// off afterwards so that a later exec of a setuid program does not inherit that choice.
    /// </summary>
    public const uint DefaultUmask = 0b000_010_010;

    public void SetUser(UserSpec user)
    {
        var groups = user.AdditionalGids?.ToArray() ?? [];
        _kernel.SetKeepCapabilities(true);
        try
        {
            if (_kernel.SetgroupsAllowed())
                _kernel.SetGroups(groups);
            else if (groups.Length > 0)
                throw new KernelException(
                    $"setgroups([{string.Join(", ", groups)}]): /proc/self/setgroups is \"deny\" in this user namespace", LibC.EPERM);
            _kernel.SetResgid(user.Gid);
            _kernel.SetResuid(user.Uid);
        }
        finally
        {
            _kernel.SetKeepCapabilities(false);
        }
        _kernel.SetUmask(user.Umask ?? DefaultUmask);
    }

    /// <summary>
    /// capset of effective, permitted and inheritable, then the ambient set cleared and raised one by one. Numbers
    /// above cap_last_cap are left out. A null spec changes nothing, as in runc.
    /// </summary>
    public void ApplyCapabilities(CapabilitiesSpec? capabilities)
    {
        if (capabilities is null)
            return;
        var last = Math.Min(_kernel.LastCapability(), 63);
        var known = last == 63 ? ulong.MaxValue : (1UL << (last + 1)) - 1;
        _kernel.SetCapabilities(
            Capabilities.Mask(capabilities.Effective) & known,
            Capabilities.Mask(capabilities.Permitted) & known,
            Capabilities.Mask(capabilities.Inheritable) & known);
        _kernel.ClearAmbient();
        // The kernel only lets a capability be ambient if it is permitted and inheritable. runc's own default spec
        // lists ambient capabilities without inheritable ones, and runc runs it: leave those out rather than fail.
        var ambient = Capabilities.Mask(capabilities.Ambient) & known
            & Capabilities.Mask(capabilities.Permitted) & Capabilities.Mask(capabilities.Inheritable);
        for (var capability = 0; capability <= last; capability++)
            if ((ambient & 1UL << capability) != 0)
                _kernel.RaiseAmbient(capability);
    }

    /// <summary>PR_SET_NO_NEW_PRIVS on the calling thread; inherited across execve and never undone.</summary>
    public void SetNoNewPrivileges() => _kernel.SetNoNewPrivileges();

    /// <summary>The capability sets of one thread, from /proc/thread-self/status by default (the sets are per thread).</summary>
    public static CapabilityState ReadCapabilityState(string statusPath = "/proc/thread-self/status") =>
        CapabilityState.Parse(File.ReadAllText(statusPath));
}
