namespace Bock.Kernel.Seccomp;

/// <summary>OCI action names → the filter return values of linux/seccomp.h (<c>SECCOMP_RET_*</c>).</summary>
internal static class SeccompActions
{
    public const uint KillProcess = 0x8000_0000, KillThread = 0x0000_0000, Trap = 0x0003_0000, Errno = 0x0005_0000,
        Trace = 0x7ff0_0000, Log = 0x7ffc_0000, Allow = 0x7fff_0000;

    private const uint Eperm = 1;

    /// <summary>The return value for an action; <paramref name="errnoRet"/> counts for ERRNO and TRACE only, as in runc.</summary>
    public static uint Parse(string action, uint? errnoRet, string path) => action switch
    {
        // SCMP_ACT_KILL is libseccomp's historical name for killing the thread.
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => KillThread,
        "SCMP_ACT_KILL_PROCESS" => KillProcess,
        "SCMP_ACT_TRAP" => Trap,
        "SCMP_ACT_ERRNO" => Errno | Data(errnoRet, path),
        // runc passes errnoRet as the tracer's message data (PTRACE_GETEVENTMSG), defaulting to EPERM as well.
        "SCMP_ACT_TRACE" => Trace | Data(errnoRet, path),
        "SCMP_ACT_ALLOW" => Allow,
        "SCMP_ACT_LOG" => Log,
        "SCMP_ACT_NOTIFY" => throw new SeccompException(
            $"{path}: SCMP_ACT_NOTIFY is not supported (no seccomp user notification listener in bock)"),
        _ => throw new SeccompException($"{path}: unknown action \"{action}\""),
    };

    private static uint Data(uint? errnoRet, string path)
    {
        var value = errnoRet ?? Eperm;
        // SECCOMP_RET_DATA is 16 bits; libseccomp would silently truncate a larger value.
        return value <= 0xFFFF ? value : throw new SeccompException($"{ErrnoPath(path)}: {value} does not fit in 16 bits");
    }

    private static string ErrnoPath(string actionPath) =>
        actionPath.EndsWith(".defaultAction", StringComparison.Ordinal)
            ? actionPath[..^".defaultAction".Length] + ".defaultErrnoRet"
            : actionPath[..^".action".Length] + ".errnoRet";
}
