using Bock.Kernel.Security;

namespace Bock.Kernel.Tests.Security;

/// <summary>Records every kernel call ProcessSecurity makes, as text, and fails the ones a test asks it to.</summary>
internal sealed class RecordingSecurityKernel : ISecurityKernel
{
    public List<string> Calls { get; } = [];
    public int LastCap { get; init; } = 40;
    public bool SetgroupsAllowedValue { get; init; } = true;
    public int RlimitErrno { get; init; }
    public (ulong Soft, ulong Hard) CurrentRlimit { get; init; } = (1024, 4096);
    public Exception? SetResuidFailure { get; init; }

    public (ulong Soft, ulong Hard) GetRlimit(int pid, int resource) => CurrentRlimit;

    public int TrySetRlimit(int pid, int resource, ulong soft, ulong hard)
    {
        Calls.Add($"prlimit {pid} {resource} {soft} {hard}");
        return RlimitErrno;
    }

    public void WriteOomScoreAdj(int pid, int score) => Calls.Add($"oom {pid} {score}");
    public int LastCapability() => LastCap;
    public void DropFromBoundingSet(int capability) => Calls.Add($"drop {capability}");
    public void SetKeepCapabilities(bool keep) => Calls.Add($"keepcaps {keep}");
    public bool SetgroupsAllowed() => SetgroupsAllowedValue;
    public void SetGroups(uint[] gids) => Calls.Add($"setgroups [{string.Join(",", gids)}]");
    public void SetResgid(uint gid) => Calls.Add($"setresgid {gid}");

    public void SetResuid(uint uid)
    {
        Calls.Add($"setresuid {uid}");
        if (SetResuidFailure is not null)
            throw SetResuidFailure;
    }

    public void SetUmask(uint mask) => Calls.Add($"umask {Convert.ToString(mask, 8)}");
    public void SetCapabilities(ulong effective, ulong permitted, ulong inheritable) =>
        Calls.Add($"capset {effective:x} {permitted:x} {inheritable:x}");
    public void ClearAmbient() => Calls.Add("ambient clear");
    public void RaiseAmbient(int capability) => Calls.Add($"ambient raise {capability}");
    public void SetNoNewPrivileges() => Calls.Add("no_new_privs");
}
