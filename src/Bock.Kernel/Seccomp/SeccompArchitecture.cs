using System.Runtime.InteropServices;

namespace Bock.Kernel.Seccomp;

/// <summary>An architecture (ABI) a filter can check <c>seccomp_data.arch</c> against.</summary>
internal sealed class SeccompArchitecture
{
    // AUDIT_ARCH_* (linux/audit.h): EM_* machine number | __AUDIT_ARCH_64BIT (0x80000000) | __AUDIT_ARCH_LE (0x40000000).
    public static readonly SeccompArchitecture X86_64 = new("SCMP_ARCH_X86_64", 0xC000_003E, is64Bit: true, syscallBit: 0);
    public static readonly SeccompArchitecture X86 = new("SCMP_ARCH_X86", 0x4000_0003, is64Bit: false, syscallBit: 0);

    // x32 shares AUDIT_ARCH_X86_64 and is told apart by __X32_SYSCALL_BIT in the syscall number. Its arguments
    // arrive in full 64-bit registers, so they are compared as 64-bit values (libseccomp compares only the low half).
    public static readonly SeccompArchitecture X32 = new("SCMP_ARCH_X32", 0xC000_003E, is64Bit: true, syscallBit: 0x4000_0000);
    public static readonly SeccompArchitecture Aarch64 = new("SCMP_ARCH_AARCH64", 0xC000_00B7, is64Bit: true, syscallBit: 0);
    public static readonly SeccompArchitecture Arm = new("SCMP_ARCH_ARM", 0x4000_0028, is64Bit: false, syscallBit: 0);

    public static readonly IReadOnlyList<SeccompArchitecture> Supported = [X86_64, X86, X32, Aarch64, Arm];

    // Valid in an OCI profile, but no kernel we run on reports them in seccomp_data.arch (an x86_64 or arm64
    // kernel executes only its own and its compat ABIs; qemu-user binaries make host syscalls), so they are ignored.
    private static readonly HashSet<string> ForeignNames = new(StringComparer.Ordinal)
    {
        "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
        "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390",
        "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64",
        "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
    };

    private SeccompArchitecture(string name, uint auditArch, bool is64Bit, uint syscallBit)
    {
        Name = name;
        AuditArch = auditArch;
        Is64Bit = is64Bit;
        SyscallBit = syscallBit;
    }

    /// <summary>The libseccomp name, <c>SCMP_ARCH_*</c>.</summary>
    public string Name { get; }

    /// <summary>The value the kernel puts in <c>seccomp_data.arch</c>.</summary>
    public uint AuditArch { get; }

    /// <summary>Whether syscall arguments are 64 bits wide; on 32-bit ABIs the high word of an argument is 0.</summary>
    public bool Is64Bit { get; }

    /// <summary>Set in every syscall number of this ABI (only x32's __X32_SYSCALL_BIT); 0 elsewhere.</summary>
    public uint SyscallBit { get; }

    /// <summary>The architecture of this process: libseccomp always includes it in a filter.</summary>
    public static SeccompArchitecture Native => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => X86_64,
        Architecture.X86 => X86,
        Architecture.Arm64 => Aarch64,
        Architecture.Arm => Arm,
        var other => throw new SeccompException($"seccomp: unsupported process architecture {other}"),
    };

    public static SeccompArchitecture? Find(string name)
    {
        foreach (var arch in Supported)
            if (arch.Name == name)
                return arch;
        return null;
    }

    public static bool IsForeign(string name) => ForeignNames.Contains(name);

    public override string ToString() => Name;
}
