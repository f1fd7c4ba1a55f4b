using Bock.Kernel.Seccomp;
using Bock.Kernel.Security;
using Bock.Kernel.Spec;

namespace Bock.Oci.Init;

/// <summary>
/// The process's limits, credentials and filters, in runc's order: rlimits and oom_score_adj; no_new_privs;
/// seccomp while we still hold CAP_SYS_ADMIN when no_new_privs is off; the bounding set; groups, gid and uid with
/// capabilities kept across the switch; the capability sets and ambient ones; seccomp last when no_new_privs is on.
/// All on the main thread, the one that execs: capabilities and seccomp are per thread.
/// </summary>
public static class ProcessSetup
{
    private static readonly ProcessSecurity Security = new();

    public static void Limit(RuntimeSpec spec, ProcessSpec process)
    {
        Security.ApplyRlimits(process.Rlimits);
        if (process.OomScoreAdj is { } adj)
            Security.ApplyOomScoreAdj(adj);
        if (process.NoNewPrivileges)
            Security.SetNoNewPrivileges();
        else
            ApplySeccomp(spec);
    }

    public static void SwitchCredentials(ProcessSpec process)
    {
        Security.DropBoundingSet(process.Capabilities);
        Security.SetUser(process.User);
        Security.ApplyCapabilities(process.Capabilities);
    }

    /// <summary>Called right before execve: the filter goes on last when no_new_privs allows installing it unprivileged.</summary>
    public static void ApplyLateSeccomp(RuntimeSpec spec, ProcessSpec process)
    {
        if (process.NoNewPrivileges)
            ApplySeccomp(spec);
    }

    private static void ApplySeccomp(RuntimeSpec spec)
    {
        if (spec.Linux?.Seccomp is { } profile)
            SeccompInstaller.Install(SeccompCompiler.Compile(profile));
    }
}
