namespace Bock.Kernel.Seccomp;

/// <summary>Syscall name → number per architecture. The numbers are generated from the kernel's uapi headers into
/// <c>SyscallTable.Data.cs</c> by <c>generate-syscall-table.sh</c>.</summary>
internal static partial class SyscallTable
{
    /// <summary>The number of <paramref name="name"/> on <paramref name="arch"/>, without x32's syscall bit.</summary>
    public static bool TryGetNumber(SeccompArchitecture arch, string name, out int number) =>
        For(arch).TryGetValue(name, out number);

    /// <summary>Every name the table knows for <paramref name="arch"/>.</summary>
    public static IReadOnlyDictionary<string, int> For(SeccompArchitecture arch) =>
        arch == SeccompArchitecture.X86_64 ? X86_64
        : arch == SeccompArchitecture.X86 ? X86
        : arch == SeccompArchitecture.X32 ? X32
        : arch == SeccompArchitecture.Aarch64 ? Aarch64
        : arch == SeccompArchitecture.Arm ? Arm
        : throw new ArgumentOutOfRangeException(nameof(arch), arch, "no syscall table");
}
