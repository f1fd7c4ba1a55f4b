using System.Text.RegularExpressions;
using Bock.Kernel.Seccomp;
using Xunit;

namespace Bock.Kernel.Tests.Seccomp;

public partial class SyscallTableTests
{
    private const string AsmInclude = "/usr/include/x86_64-linux-gnu/asm";

    [GeneratedRegex(@"^#define __NR_(\w+)\s+\(?(?:__X32_SYSCALL_BIT\s*\+\s*)?(\d+)\)?\s*$", RegexOptions.Multiline)]
    private static partial Regex Define();

    private static Dictionary<string, int> ParseHeader(string file) =>
        Define().Matches(File.ReadAllText(Path.Combine(AsmInclude, file)))
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));

    [Theory]
    [InlineData("unistd_64.h", "SCMP_ARCH_X86_64", 330)]
    [InlineData("unistd_32.h", "SCMP_ARCH_X86", 400)]
    [InlineData("unistd_x32.h", "SCMP_ARCH_X32", 330)]
    public void The_x86_tables_match_this_machines_kernel_headers_entry_for_entry(string header, string archName, int atLeast)
    {
        var fromHeader = ParseHeader(header);
        var table = SyscallTable.For(SeccompArchitecture.Find(archName)!);

        Assert.True(fromHeader.Count >= atLeast, $"only {fromHeader.Count} syscalls parsed from {header}");
        Assert.Equal(fromHeader.OrderBy(e => e.Key, StringComparer.Ordinal), table.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Theory]
    // arm64 uses the asm-generic numbering: no open/mkdir/fork, *at calls only
    [InlineData("SCMP_ARCH_AARCH64", "read", 63)]
    [InlineData("SCMP_ARCH_AARCH64", "openat", 56)]
    [InlineData("SCMP_ARCH_AARCH64", "mkdirat", 34)]
    [InlineData("SCMP_ARCH_AARCH64", "renameat", 38)]    // __ARCH_WANT_RENAMEAT
    [InlineData("SCMP_ARCH_AARCH64", "fstat", 80)]       // __ARCH_WANT_NEW_STAT
    [InlineData("SCMP_ARCH_AARCH64", "getrlimit", 163)]  // __ARCH_WANT_SET_GET_RLIMIT
    [InlineData("SCMP_ARCH_AARCH64", "fcntl", 25)]       // __NR3264_fcntl on a 64-bit ABI
    [InlineData("SCMP_ARCH_AARCH64", "mmap", 222)]
    [InlineData("SCMP_ARCH_AARCH64", "clone3", 435)]     // __ARCH_WANT_SYS_CLONE3
    [InlineData("SCMP_ARCH_AARCH64", "memfd_secret", 447)]
    [InlineData("SCMP_ARCH_AARCH64", "getpid", 172)]
    [InlineData("SCMP_ARCH_ARM", "read", 3)]
    [InlineData("SCMP_ARCH_ARM", "cacheflush", 0x0f0002)]
    [InlineData("SCMP_ARCH_ARM", "set_tls", 0x0f0005)]
    [InlineData("SCMP_ARCH_ARM", "sync_file_range2", 341)]
    [InlineData("SCMP_ARCH_X86", "socketcall", 102)]
    [InlineData("SCMP_ARCH_X32", "rt_sigaction", 512)]
    public void Generated_numbers_for_other_abis_are_the_kernels(string archName, string name, int number)
    {
        Assert.True(SyscallTable.TryGetNumber(SeccompArchitecture.Find(archName)!, name, out var actual), name);
        Assert.Equal(number, actual);
    }

    [Theory]
    [InlineData("SCMP_ARCH_AARCH64", "open")]
    [InlineData("SCMP_ARCH_AARCH64", "mkdir")]
    [InlineData("SCMP_ARCH_AARCH64", "fork")]
    [InlineData("SCMP_ARCH_AARCH64", "sync_file_range2")] // only with __ARCH_WANT_SYNC_FILE_RANGE2
    [InlineData("SCMP_ARCH_AARCH64", "fstatat64")]        // 32-bit ABIs only
    [InlineData("SCMP_ARCH_X86_64", "socketcall")]
    [InlineData("SCMP_ARCH_X86_64", "syscalls")]          // __NR_syscalls is a count, not a call
    public void Calls_an_abi_does_not_have_are_absent(string archName, string name)
    {
        Assert.False(SyscallTable.TryGetNumber(SeccompArchitecture.Find(archName)!, name, out _));
    }

    [Fact]
    public void Aarch64_has_the_size_of_the_asm_generic_table()
    {
        // linux-libc-dev 6.1: 0..450 with gaps; a cpp mistake would lose or duplicate whole blocks.
        var numbers = SyscallTable.For(SeccompArchitecture.Aarch64).Values.ToList();
        Assert.InRange(numbers.Count, 290, 330);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }
}
