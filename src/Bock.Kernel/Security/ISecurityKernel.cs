namespace Bock.Kernel.Security;

/// <summary>
/// The kernel calls <see cref="ProcessSecurity"/> makes: the real one is <see cref="LinuxSecurityKernel"/>, a
/// recording fake lets the ordering and the error messages be tested without root.
/// </summary>
internal interface ISecurityKernel
{
    (ulong Soft, ulong Hard) GetRlimit(int pid, int resource);

    /// <summary>Returns 0 or the errno, so the caller can explain an EPERM in terms of the limit asked for.</summary>
    int TrySetRlimit(int pid, int resource, ulong soft, ulong hard);

    void WriteOomScoreAdj(int pid, int score);

    /// <summary>The highest capability number this kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    int LastCapability();

    void DropFromBoundingSet(int capability);

    void SetKeepCapabilities(bool keep);

    /// <summary>False inside a user namespace whose /proc/self/setgroups says "deny".</summary>
    bool SetgroupsAllowed();

    void SetGroups(uint[] gids);

    void SetResgid(uint gid);

    void SetResuid(uint uid);

    void SetUmask(uint mask);

    void SetCapabilities(ulong effective, ulong permitted, ulong inheritable);

    void ClearAmbient();

    void RaiseAmbient(int capability);

    void SetNoNewPrivileges();
}
