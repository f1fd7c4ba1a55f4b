using Bock.Kernel;
using Bock.Kernel.Native;
using Bock.Kernel.Seccomp;
using Bock.Kernel.Spec;
using Bock.Oci.Runtime;

namespace Bock.Oci.Init;

/// <summary>
/// The process's limits, credentials and filters, in runc's order: rlimits and oom_score_adj; no_new_privs;
/// seccomp while we still hold CAP_SYS_ADMIN when no_new_privs is off; the bounding set; groups, gid and uid with
/// capabilities kept across the switch; the capability sets and ambient ones; seccomp last when no_new_privs is on.
/// All on the main thread, the one that execs: capabilities and seccomp are per thread.
/// </summary>
public static class ProcessSetup
{
    public static void Limit(RuntimeSpec spec, ProcessSpec process)
    {
        foreach (var rlimit in process.Rlimits ?? [])
        {
            Rlimits.TryGetResource(rlimit.Type, out var resource);
            Credentials.SetRlimit(resource, rlimit.Soft, rlimit.Hard, rlimit.Type);
        }
        if (process.OomScoreAdj is { } adj)
            File.WriteAllText("/proc/self/oom_score_adj", adj.ToString());
        if (process.NoNewPrivileges)
            Prctl.Set(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, "prctl(PR_SET_NO_NEW_PRIVS)");
        else
            ApplySeccomp(spec);
    }

    public static void SwitchCredentials(ProcessSpec process)
    {
        var caps = process.Capabilities;
        var bounding = Capabilities.Mask(caps?.Bounding);
        var lastCap = int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim());
        for (var cap = 0; cap <= lastCap; cap++)
            if ((bounding & (1UL << cap)) == 0 && Prctl.Get(Prctl.PR_CAPBSET_READ, (nuint)cap) == 1)
                Prctl.Set(Prctl.PR_CAPBSET_DROP, (nuint)cap, 0, $"drop {Capabilities.NameOf(cap)} from the bounding set");

        // Keep the permitted set across the uid change; the capset below decides what remains.
        Prctl.Set(Prctl.PR_SET_KEEPCAPS, 1, 0, "prctl(PR_SET_KEEPCAPS)");
        var user = process.User;
        Credentials.SetGroups(user.AdditionalGids ?? []);
        Credentials.SetGid(user.Gid);
        Credentials.SetUid(user.Uid);
        Prctl.Set(Prctl.PR_SET_KEEPCAPS, 0, 0, "prctl(PR_SET_KEEPCAPS)");
        if (user.Umask is { } umask)
            Unistd.Umask(umask);

        Credentials.SetCapabilities(Capabilities.Mask(caps?.Effective), Capabilities.Mask(caps?.Permitted), Capabilities.Mask(caps?.Inheritable));
        Prctl.Set(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_CLEAR_ALL, 0, "clear ambient capabilities");
        foreach (var name in caps?.Ambient ?? [])
        {
            Capabilities.TryParse(name, out var cap);
            // The kernel refuses an ambient capability that is not both permitted and inheritable: skip it, as runc.
            if (Prctl.Get(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, (nuint)cap) != 0)
                Log.Info($"ambient capability {name} not raised: it must be permitted and inheritable");
        }
    }

    /// <summary>Installs the spec's seccomp filter, if any. Without no_new_privs this must run while CAP_SYS_ADMIN is held.</summary>
    public static void ApplySeccomp(RuntimeSpec spec)
    {
        if (spec.Linux?.Seccomp is not { } profile)
            return;
        var program = SeccompCompiler.Compile(profile);
        SeccompInstaller.Install(program);
    }

    /// <summary>Called right before execve: the filter goes on last when no_new_privs allows installing it unprivileged.</summary>
    public static void ApplyLateSeccomp(RuntimeSpec spec, ProcessSpec process)
    {
        if (process.NoNewPrivileges)
            ApplySeccomp(spec);
    }
}
