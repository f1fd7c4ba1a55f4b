using Bock.Kernel.Native;
using Tmds.Linux;

namespace Bock.Kernel.Security;

/// <summary>The real system calls behind <see cref="ProcessSecurity"/>.</summary>
internal sealed class LinuxSecurityKernel(bool threadOnlyCredentials) : ISecurityKernel
{
    /// <summary>What init uses: glibc's set*id, which applies the credentials to every thread of the process.</summary>
    public static readonly LinuxSecurityKernel Process = new(threadOnlyCredentials: false);

    /// <summary>Raw set*id system calls that change only the calling thread: for tests on a dedicated thread.</summary>
    public static readonly LinuxSecurityKernel CallingThread = new(threadOnlyCredentials: true);

    public (ulong Soft, ulong Hard) GetRlimit(int pid, int resource)
    {
        var limit = Resource.Get(pid, resource, $"prlimit({pid}, {resource})");
        return (limit.Soft, limit.Hard);
    }

    public int TrySetRlimit(int pid, int resource, ulong soft, ulong hard) => Resource.TrySet(pid, resource, soft, hard);

    public void WriteOomScoreAdj(int pid, int score)
    {
        var path = pid == 0 ? "/proc/self/oom_score_adj" : $"/proc/{pid}/oom_score_adj";
        try
        {
            File.WriteAllText(path, score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (UnauthorizedAccessException e)
        {
            // Lowering the score below its current value needs CAP_SYS_RESOURCE; the kernel answers EACCES.
            throw new KernelException($"write {score} to {path} (lowering the score needs CAP_SYS_RESOURCE): {e.Message}", LibC.EACCES);
        }
    }

    /// <summary>
    /// Read once, while init is still root (dropping the bounding set needs it first): a later read after the switch
    /// to the container's user was seen to fail with EACCES now and then, and the value never changes.
    /// </summary>
    public int LastCapability() => CapLastCap.Value;

    private static readonly Lazy<int> CapLastCap = new(() =>
        int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), System.Globalization.CultureInfo.InvariantCulture));

    public void DropFromBoundingSet(int capability) =>
        Prctl.Set(Prctl.PR_CAPBSET_DROP, (nuint)capability, what: $"prctl(PR_CAPBSET_DROP, {Capabilities.NameOf(capability)})");

    public void SetKeepCapabilities(bool keep) =>
        Prctl.Set(Prctl.PR_SET_KEEPCAPS, keep ? 1u : 0u, what: $"prctl(PR_SET_KEEPCAPS, {(keep ? 1 : 0)})");

    public bool SetgroupsAllowed()
    {
        // The file exists since Linux 3.19; "deny" is only ever written in a user namespace before its gid_map.
        const string path = "/proc/self/setgroups";
        return !File.Exists(path) || File.ReadAllText(path).Trim() != "deny";
    }

    public unsafe void SetGroups(uint[] gids)
    {
        if (threadOnlyCredentials)
        {
            ThreadCredentials.SetGroups(gids);
            return;
        }
        fixed (uint* list = gids)
            KernelException.ThrowIfFailed(LibC.setgroups(gids.Length, (gid_t*)list), $"setgroups([{string.Join(", ", gids)}])");
    }

    public void SetResgid(uint gid)
    {
        if (threadOnlyCredentials)
            ThreadCredentials.SetResgid(gid);
        else
            KernelException.ThrowIfFailed(LibC.setresgid(gid, gid, gid), $"setresgid({gid})");
    }

    public void SetResuid(uint uid)
    {
        if (threadOnlyCredentials)
            ThreadCredentials.SetResuid(uid);
        else
            KernelException.ThrowIfFailed(LibC.setresuid(uid, uid, uid), $"setresuid({uid})");
    }

    // umask cannot fail; it belongs to the fs struct, which threads share unless one did unshare(CLONE_FS).
    public void SetUmask(uint mask) => LibC.umask((ushort)(mask & 0x1FF));

    public void SetCapabilities(ulong effective, ulong permitted, ulong inheritable) =>
        Capability.Set(effective, permitted, inheritable);

    public void ClearAmbient() =>
        Prctl.Set(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_CLEAR_ALL, what: "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");

    // PR_CAP_AMBIENT_RAISE fails with EPERM unless the capability is both permitted and inheritable.
    public void RaiseAmbient(int capability) =>
        Prctl.Set(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, (nuint)capability,
            $"prctl(PR_CAP_AMBIENT_RAISE, {Capabilities.NameOf(capability)}) (an ambient capability must be permitted and inheritable)");

    public void SetNoNewPrivileges() => Prctl.Set(Prctl.PR_SET_NO_NEW_PRIVS, 1, what: "prctl(PR_SET_NO_NEW_PRIVS)");
}
