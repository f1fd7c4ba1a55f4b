namespace Bock.Kernel.Seccomp;

/// <summary>The <c>SECCOMP_FILTER_FLAG_*</c> bits of seccomp(2) (linux/seccomp.h) that an OCI profile may ask for.</summary>
[Flags]
public enum SeccompFilterFlags : uint
{
    None = 0,
    /// <summary>Install the filter on every thread of the process, not only the calling one.</summary>
    Tsync = 1,
    /// <summary>Log every action except ALLOW (subject to /proc/sys/kernel/seccomp/actions_logged).</summary>
    Log = 2,
    /// <summary>Leave speculative store bypass mitigation off.</summary>
    SpecAllow = 4,
}
