using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Oci.Init;

/// <summary>The process's limits and credentials, in runc's order: limits, then (seccomp without NNP), then uid/gid and capabilities.</summary>
public static class ProcessSetup
{
    public static void Limit(RuntimeSpec spec, ProcessSpec process)
    {
        if (process.OomScoreAdj is { } adj)
            File.WriteAllText("/proc/self/oom_score_adj", adj.ToString());
        if (process.NoNewPrivileges)
            Prctl.Set(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, "prctl(PR_SET_NO_NEW_PRIVS)");
    }

    public static void SwitchCredentials(ProcessSpec process)
    {
    }

    public static void ApplySeccomp(RuntimeSpec spec)
    {
    }
}
