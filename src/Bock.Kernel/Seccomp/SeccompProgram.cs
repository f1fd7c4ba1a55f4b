namespace Bock.Kernel.Seccomp;

/// <summary>A compiled seccomp profile: the BPF program, the flags to install it with, and what was left out.</summary>
public sealed class SeccompProgram
{
    private readonly SockFilter[] _instructions;

    internal SeccompProgram(SockFilter[] instructions, SeccompFilterFlags flags,
        IReadOnlyList<SkippedSyscall> skippedSyscalls, IReadOnlyList<string> ignoredArchitectures)
    {
        _instructions = instructions;
        Flags = flags;
        SkippedSyscalls = skippedSyscalls;
        IgnoredArchitectures = ignoredArchitectures;
    }

    public ReadOnlySpan<SockFilter> Instructions => _instructions;

    public SeccompFilterFlags Flags { get; }

    /// <summary>Syscall names without a number on some architecture of the filter: skipped there, worth a warning.</summary>
    public IReadOnlyList<SkippedSyscall> SkippedSyscalls { get; }

    /// <summary>Architectures of the profile that this host's kernel never reports (e.g. <c>SCMP_ARCH_PPC64LE</c>
    /// on x86_64): no code is generated for them.</summary>
    public IReadOnlyList<string> IgnoredArchitectures { get; }
}
