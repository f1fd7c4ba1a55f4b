using Bock.Kernel.Seccomp;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Seccomp;

public class SeccompCompilerTests
{
    // AUDIT_ARCH_* and SECCOMP_RET_* spelled out, not taken from the code under test.
    private const uint AuditX86_64 = 0xC000_003E, AuditI386 = 0x4000_0003, AuditAarch64 = 0xC000_00B7, AuditArm = 0x4000_0028;
    private const uint Allow = 0x7fff_0000, KillProcess = 0x8000_0000, KillThread = 0, Trap = 0x0003_0000,
        Errno = 0x0005_0000, Trace = 0x7ff0_0000, Log = 0x7ffc_0000;
    private const uint Eperm = 1, Enosys = 38;
    private const uint X32Bit = 0x4000_0000;

    // x86_64 numbers (asm/unistd_64.h)
    private const uint Read = 0, Write = 1, Getpid = 39, Mkdir = 83, Mkdirat = 258, Personality = 135;

    private static SeccompSyscallSpec Rule(string action, params string[] names) => new() { Names = names, Action = action };

    private static SeccompArgSpec Arg(uint index, string op, ulong value, ulong valueTwo = 0) =>
        new() { Index = index, Op = op, Value = value, ValueTwo = valueTwo };

    private static SeccompProgram Compile(SeccompSpec profile) =>
        SeccompCompiler.Compile(profile, SeccompArchitecture.X86_64);

    private static uint Run(SeccompProgram program, uint nr, params ulong[] args) =>
        BpfInterpreter.Run(program.Instructions, nr, AuditX86_64, args);

    [Theory]
    [InlineData("SCMP_ACT_KILL", null, KillThread)]
    [InlineData("SCMP_ACT_KILL_THREAD", null, KillThread)]
    [InlineData("SCMP_ACT_KILL_PROCESS", null, KillProcess)]
    [InlineData("SCMP_ACT_TRAP", null, Trap)]
    [InlineData("SCMP_ACT_ERRNO", null, Errno | Eperm)]
    [InlineData("SCMP_ACT_ERRNO", 13u, Errno | 13)]
    [InlineData("SCMP_ACT_ERRNO", 0u, Errno | 0)]
    [InlineData("SCMP_ACT_TRACE", null, Trace | Eperm)]
    [InlineData("SCMP_ACT_TRACE", 7u, Trace | 7)]
    [InlineData("SCMP_ACT_ALLOW", null, Allow)]
    [InlineData("SCMP_ACT_LOG", null, Log)]
    // errnoRet means nothing to other actions (runc ignores it).
    [InlineData("SCMP_ACT_TRAP", 5u, Trap)]
    public void Each_action_is_returned_for_its_syscall_and_the_default_for_others(string action, uint? errnoRet, uint expected)
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            DefaultErrnoRet = Enosys,
            Syscalls = [new SeccompSyscallSpec { Names = ["getpid"], Action = action, ErrnoRet = errnoRet }],
        });

        Assert.Equal(expected, Run(program, Getpid));
        Assert.Equal(Errno | Enosys, Run(program, Read));
    }

    [Theory]
    [InlineData("SCMP_ACT_ALLOW", null, Allow)]
    [InlineData("SCMP_ACT_ERRNO", null, Errno | Eperm)]
    [InlineData("SCMP_ACT_ERRNO", 38u, Errno | 38)]
    [InlineData("SCMP_ACT_TRACE", 9u, Trace | 9)]
    [InlineData("SCMP_ACT_KILL_PROCESS", null, KillProcess)]
    [InlineData("SCMP_ACT_LOG", null, Log)]
    public void The_default_action_applies_to_unlisted_syscalls(string action, uint? errnoRet, uint expected)
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = action,
            DefaultErrnoRet = errnoRet,
            Syscalls = [Rule("SCMP_ACT_TRAP", "write")],
        });

        Assert.Equal(expected, Run(program, Read));
        Assert.Equal(expected, Run(program, Mkdir));
        Assert.Equal(Trap, Run(program, Write));
    }

    [Fact]
    public void A_profile_without_rules_returns_the_default_for_everything_on_its_arch()
    {
        var program = Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_LOG" });

        Assert.Equal(Log, Run(program, Read));
        Assert.Equal(Log, Run(program, 999));
        Assert.Equal(KillProcess, BpfInterpreter.Run(program.Instructions, Read, AuditI386));
    }

    public static TheoryData<string, ulong, ulong, ulong, bool> Comparisons => new()
    {
        // op, value, valueTwo, argument, matches
        { "SCMP_CMP_EQ", 5, 0, 5, true },
        { "SCMP_CMP_EQ", 5, 0, 6, false },
        { "SCMP_CMP_EQ", 5, 0, 0x1_0000_0005, false },          // same low word, high words differ
        { "SCMP_CMP_EQ", 0x1_0000_0005, 0, 0x1_0000_0005, true },
        { "SCMP_CMP_EQ", 0x1_0000_0005, 0, 5, false },
        { "SCMP_CMP_EQ", ulong.MaxValue, 0, ulong.MaxValue, true },
        { "SCMP_CMP_NE", 5, 0, 5, false },
        { "SCMP_CMP_NE", 5, 0, 4, true },
        { "SCMP_CMP_NE", 5, 0, 0x2_0000_0005, true },
        { "SCMP_CMP_NE", 0x2_0000_0005, 0, 0x2_0000_0005, false },
        { "SCMP_CMP_GT", 10, 0, 11, true },
        { "SCMP_CMP_GT", 10, 0, 10, false },
        { "SCMP_CMP_GT", 10, 0, 9, false },
        { "SCMP_CMP_GT", 10, 0, 0x1_0000_0000, true },          // high word greater, low word smaller
        { "SCMP_CMP_GT", 0x1_0000_0000, 0, 0xFFFF_FFFF, false }, // high word smaller, low word greater
        { "SCMP_CMP_GT", 0x1_0000_0000, 0, 0x1_0000_0001, true },
        { "SCMP_CMP_GT", 0x1_0000_0000, 0, 0x1_0000_0000, false },
        { "SCMP_CMP_GT", 0x1_0000_0000, 0, 0x2_0000_0000, true },
        { "SCMP_CMP_GE", 10, 0, 10, true },
        { "SCMP_CMP_GE", 10, 0, 9, false },
        { "SCMP_CMP_GE", 0x1_0000_0000, 0, 0x1_0000_0000, true },
        { "SCMP_CMP_GE", 0x1_0000_0000, 0, 0xFFFF_FFFF, false },
        { "SCMP_CMP_GE", 0x1_0000_0005, 0, 0x2_0000_0000, true },
        { "SCMP_CMP_LT", 10, 0, 9, true },
        { "SCMP_CMP_LT", 10, 0, 10, false },
        { "SCMP_CMP_LT", 10, 0, 0x1_0000_0000, false },
        { "SCMP_CMP_LT", 0x1_0000_0000, 0, 0xFFFF_FFFF, true },
        { "SCMP_CMP_LT", 0x1_0000_0000, 0, 0x1_0000_0000, false },
        { "SCMP_CMP_LT", 0x2_0000_0000, 0, 0x1_FFFF_FFFF, true },
        { "SCMP_CMP_LT", 0, 0, 0, false },
        { "SCMP_CMP_LE", 10, 0, 10, true },
        { "SCMP_CMP_LE", 10, 0, 11, false },
        { "SCMP_CMP_LE", 0x1_0000_0000, 0, 0x1_0000_0000, true },
        { "SCMP_CMP_LE", 0x1_0000_0000, 0, 0x1_0000_0001, false },
        { "SCMP_CMP_LE", 0x1_0000_0000, 0, 0xFFFF_FFFF, true },
        { "SCMP_CMP_LE", 5, 0, 0x1_0000_0004, false },
        { "SCMP_CMP_LE", ulong.MaxValue, 0, ulong.MaxValue, true },
        // (arg & value) == valueTwo
        { "SCMP_CMP_MASKED_EQ", 0xFF, 0x02, 0x1202, true },
        { "SCMP_CMP_MASKED_EQ", 0xFF, 0x02, 0x1203, false },
        { "SCMP_CMP_MASKED_EQ", 0xFF00_0000_0000_00FF, 0x0100_0000_0000_0002, 0x01AB_CDEF_0000_1202, true },
        { "SCMP_CMP_MASKED_EQ", 0xFF00_0000_0000_00FF, 0x0100_0000_0000_0002, 0x02AB_CDEF_0000_1202, false },
        { "SCMP_CMP_MASKED_EQ", 0xFF00_0000_0000_00FF, 0x0100_0000_0000_0002, 0x0100_0000_0000_0003, false },
        { "SCMP_CMP_MASKED_EQ", 0x7E02_0000, 0, 0x1_0000_0011, true },  // docker's clone flags check
        { "SCMP_CMP_MASKED_EQ", 0x7E02_0000, 0, 0x1002_0011, false },
    };

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void Each_operator_compares_64_bit_values(string op, ulong value, ulong valueTwo, ulong argument, bool matches)
    {
        for (uint index = 0; index < 6; index++)
        {
            var program = Compile(new SeccompSpec
            {
                DefaultAction = "SCMP_ACT_ALLOW",
                Syscalls = [new SeccompSyscallSpec { Names = ["personality"], Action = "SCMP_ACT_ERRNO", Args = [Arg(index, op, value, valueTwo)] }],
            });
            var args = new ulong[6];
            args[index] = argument;
            // The other arguments hold the compared value, so that a check reading the wrong slot shows.
            for (var other = 0; other < 6; other++)
                if (other != index)
                    args[other] = ~argument;

            Assert.Equal(matches ? Errno | Eperm : Allow, Run(program, Personality, args));
        }
    }

    [Theory]
    [InlineData("SCMP_CMP_EQ", 5ul, 0x0000_0000_0000_0005ul, true)]
    [InlineData("SCMP_CMP_EQ", 5ul, 0xFFFF_FFFF_0000_0005ul, true)]   // a 32-bit ABI has no high word
    [InlineData("SCMP_CMP_EQ", 0x1_0000_0005ul, 0x1_0000_0005ul, false)] // no 32-bit argument equals it
    [InlineData("SCMP_CMP_NE", 0x1_0000_0005ul, 5ul, true)]
    [InlineData("SCMP_CMP_LT", 0x1_0000_0000ul, 0xFFFF_FFFFul, true)]
    [InlineData("SCMP_CMP_LE", 0x1_0000_0000ul, 0xFFFF_FFFFul, true)]
    [InlineData("SCMP_CMP_GT", 0x1_0000_0000ul, 0xFFFF_FFFFul, false)]
    [InlineData("SCMP_CMP_GE", 0x1_0000_0000ul, 0xFFFF_FFFFul, false)]
    [InlineData("SCMP_CMP_GT", 7ul, 0x0000_0008ul, true)]
    [InlineData("SCMP_CMP_LT", 7ul, 0x1_0000_0006ul, true)]
    public void On_32_bit_abis_arguments_are_32_bit_values(string op, ulong value, ulong argument, bool matches)
    {
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls = [new SeccompSyscallSpec { Names = ["personality"], Action = "SCMP_ACT_ERRNO", Args = [Arg(1, op, value)] }],
        }, SeccompArchitecture.X86);

        // personality is 136 on i386 (asm/unistd_32.h)
        Assert.Equal(matches ? Errno | Eperm : Allow, BpfInterpreter.Run(program.Instructions, 136, AuditI386, 0, argument));
    }

    [Theory]
    [InlineData(1ul, 11ul, 0ul, true)]
    [InlineData(1ul, 10ul, 0ul, false)]
    [InlineData(2ul, 11ul, 0ul, false)]
    [InlineData(1ul, 0x1_0000_0000ul, 0ul, true)]
    [InlineData(1ul, 11ul, 3ul, false)]
    public void Several_arguments_in_one_rule_must_all_hold(ulong a0, ulong a2, ulong a5, bool matches)
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls =
            [
                new SeccompSyscallSpec
                {
                    Names = ["write"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 9,
                    Args = [Arg(0, "SCMP_CMP_EQ", 1), Arg(2, "SCMP_CMP_GT", 10), Arg(5, "SCMP_CMP_MASKED_EQ", 1, 0)],
                },
            ],
        });

        Assert.Equal(matches ? Errno | 9 : Allow, Run(program, Write, a0, 0, a2, 0, 0, a5));
    }

    [Theory]
    [InlineData(0x0ul, Allow)]
    [InlineData(0x8ul, Allow)]
    [InlineData(0x20008ul, Allow)]
    [InlineData(0xfffffffful, Allow)]
    [InlineData(0x1ul, Errno | Eperm)]
    [InlineData(0x20000ul, Errno | Eperm)]
    public void The_same_argument_twice_in_one_rule_means_either_as_in_runc(ulong persona, uint expected)
    {
        // runc turns conditions that repeat an index into separate rules: any of them allows.
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Syscalls =
            [
                new SeccompSyscallSpec
                {
                    Names = ["personality"], Action = "SCMP_ACT_ALLOW",
                    Args = [Arg(0, "SCMP_CMP_EQ", 0x0), Arg(0, "SCMP_CMP_EQ", 0x8), Arg(0, "SCMP_CMP_EQ", 0x20008), Arg(0, "SCMP_CMP_EQ", 0xffffffff)],
                },
            ],
        });

        Assert.Equal(expected, Run(program, Personality, persona));
    }

    [Theory]
    [InlineData(1ul, Errno | 11)]
    [InlineData(5ul, Errno | 12)]
    [InlineData(7ul, Errno | 12)]
    [InlineData(0ul, Errno | 13)]
    public void Rules_for_one_syscall_are_tried_in_order_and_the_first_match_wins(ulong a0, uint expected)
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls =
            [
                new SeccompSyscallSpec { Names = ["read", "write"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 11, Args = [Arg(0, "SCMP_CMP_EQ", 1)] },
                Rule("SCMP_ACT_LOG", "getpid"),
                new SeccompSyscallSpec { Names = ["write"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 12, Args = [Arg(0, "SCMP_CMP_GE", 1)] },
                new SeccompSyscallSpec { Names = ["write"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 13 },
                // unreachable behind the unconditional rule
                new SeccompSyscallSpec { Names = ["write"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 14, Args = [Arg(0, "SCMP_CMP_EQ", 0)] },
            ],
        });

        Assert.Equal(expected, Run(program, Write, a0));
        Assert.Equal(a0 == 1 ? Errno | 11 : Allow, Run(program, Read, a0));
        Assert.Equal(Log, Run(program, Getpid));
    }

    [Fact]
    public void An_unconditional_rule_first_shadows_later_conditional_ones()
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls =
            [
                Rule("SCMP_ACT_TRAP", "write"),
                new SeccompSyscallSpec { Names = ["write"], Action = "SCMP_ACT_LOG", Args = [Arg(0, "SCMP_CMP_EQ", 1)] },
            ],
        });

        Assert.Equal(Trap, Run(program, Write, 1));
        Assert.Equal(Trap, Run(program, Write, 2));
    }

    [Fact]
    public void A_rule_with_the_default_action_is_dropped_as_runc_does()
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Syscalls =
            [
                new SeccompSyscallSpec { Names = ["write"], Action = "SCMP_ACT_ERRNO", Args = [Arg(0, "SCMP_CMP_EQ", 1)] },
                Rule("SCMP_ACT_ALLOW", "write"),
            ],
        });

        Assert.Equal(Allow, Run(program, Write, 1));
        Assert.Equal(Allow, Run(program, Write, 2));
    }

    [Theory]
    [InlineData(AuditAarch64)]
    [InlineData(AuditI386)]
    [InlineData(AuditArm)]
    [InlineData(0u)]
    [InlineData(0x1234_5678u)]
    public void A_wrong_architecture_kills_the_process(uint arch)
    {
        var program = Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [Rule("SCMP_ACT_ERRNO", "mkdir")] });

        Assert.Equal(KillProcess, BpfInterpreter.Run(program.Instructions, Getpid, arch));
        Assert.Equal(KillProcess, BpfInterpreter.Run(program.Instructions, Mkdir, arch));
        Assert.Equal(Allow, Run(program, Getpid));
    }

    [Fact]
    public void Each_listed_architecture_uses_its_own_numbers()
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
            Syscalls = [Rule("SCMP_ACT_ALLOW", "getpid", "cacheflush"), Rule("SCMP_ACT_LOG", "mkdir", "mkdirat")],
        });

        uint Call(uint arch, uint nr) => BpfInterpreter.Run(program.Instructions, nr, arch);
        Assert.Equal(Allow, Call(AuditX86_64, Getpid));
        Assert.Equal(Log, Call(AuditX86_64, Mkdir));
        Assert.Equal(Log, Call(AuditX86_64, Mkdirat));
        Assert.Equal(Errno | Eperm, Call(AuditX86_64, Read));
        Assert.Equal(Allow, Call(AuditI386, 20));         // getpid on i386
        Assert.Equal(Log, Call(AuditI386, 39));           // mkdir on i386 (getpid on x86_64)
        Assert.Equal(Errno | Eperm, Call(AuditI386, 3));  // read on i386
        Assert.Equal(Allow, Call(AuditX86_64, X32Bit | 39));
        Assert.Equal(Log, Call(AuditX86_64, X32Bit | 83));
        Assert.Equal(Allow, Call(AuditAarch64, 172));     // getpid on arm64
        Assert.Equal(Log, Call(AuditAarch64, 34));        // mkdirat on arm64, which has no mkdir
        Assert.Equal(Errno | Eperm, Call(AuditAarch64, 39));
        Assert.Equal(Allow, Call(AuditArm, 20));
        Assert.Equal(Allow, Call(AuditArm, 0x0f0002));    // cacheflush, an ARM-private call
        Assert.Equal(Log, Call(AuditArm, 39));
        Assert.Equal(KillProcess, Call(0xC000_00F3, 172)); // riscv64 was not listed
    }

    [Fact]
    public void X32_syscalls_get_the_bad_arch_action_unless_x32_is_listed()
    {
        var x86_64Only = Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [Rule("SCMP_ACT_ERRNO", "mkdir")] });
        Assert.Equal(KillProcess, Run(x86_64Only, X32Bit | Getpid));
        Assert.Equal(KillProcess, Run(x86_64Only, X32Bit | Mkdir));
        Assert.Equal(KillProcess, Run(x86_64Only, 0xFFFF_FFFF));

        var withX32 = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"],
            Syscalls = [Rule("SCMP_ACT_ERRNO", "mkdir", "rt_sigaction"), new SeccompSyscallSpec { Names = ["write"], Action = "SCMP_ACT_LOG", Args = [Arg(0, "SCMP_CMP_GT", 0x1_0000_0000)] }],
        });
        Assert.Equal(Errno | Eperm, Run(withX32, X32Bit | Mkdir));
        Assert.Equal(Errno | Eperm, Run(withX32, X32Bit | 512));  // rt_sigaction has an x32-only number
        Assert.Equal(Allow, Run(withX32, X32Bit | 13));           // 13 is x86_64's rt_sigaction, not x32's
        Assert.Equal(Errno | Eperm, Run(withX32, 13));
        Assert.Equal(Allow, Run(withX32, 512));
        Assert.Equal(Allow, Run(withX32, X32Bit | Getpid));
        // x32 passes arguments in 64-bit registers: compared as 64-bit values
        Assert.Equal(Log, Run(withX32, X32Bit | Write, 0x2_0000_0000));
        Assert.Equal(Allow, Run(withX32, X32Bit | Write, 0xFFFF_FFFF));

        // Without x86_64 (native i386 here), a plain x86_64 number under AUDIT_ARCH_X86_64 is a bad arch.
        var x32Only = SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW", Architectures = ["SCMP_ARCH_X32"] }, SeccompArchitecture.X86);
        Assert.Equal(KillProcess, BpfInterpreter.Run(x32Only.Instructions, Getpid, AuditX86_64));
        Assert.Equal(Allow, BpfInterpreter.Run(x32Only.Instructions, X32Bit | Getpid, AuditX86_64));
    }

    [Fact]
    public void The_native_architecture_is_always_filtered()
    {
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Architectures = ["SCMP_ARCH_AARCH64"],
            Syscalls = [Rule("SCMP_ACT_ERRNO", "mkdirat")],
        });

        // This suite runs on x86_64 (asserted, so that the numbers below mean what they say).
        Assert.Equal(System.Runtime.InteropServices.Architecture.X64, System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture);
        Assert.Equal(Errno | Eperm, Run(program, Mkdirat));
        Assert.Equal(Allow, Run(program, Mkdir));
        Assert.Equal(Errno | Eperm, BpfInterpreter.Run(program.Instructions, 34, AuditAarch64));
        Assert.Equal(KillProcess, BpfInterpreter.Run(program.Instructions, 34, AuditI386));
    }

    [Fact]
    public void Unknown_syscall_names_are_skipped_per_architecture_and_reported()
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"],
            Syscalls = [Rule("SCMP_ACT_ERRNO", "no_such_call", "mkdir", "getpid"), Rule("SCMP_ACT_LOG", "no_such_call")],
        });

        Assert.Equal(
            new[]
            {
                new SkippedSyscall("no_such_call", "SCMP_ARCH_X86_64"),
                new SkippedSyscall("no_such_call", "SCMP_ARCH_AARCH64"),
                new SkippedSyscall("mkdir", "SCMP_ARCH_AARCH64"),
            },
            program.SkippedSyscalls);
        Assert.Equal(Errno | Eperm, Run(program, Mkdir));
        Assert.Equal(Errno | Eperm, Run(program, Getpid));
        Assert.Equal(Errno | Eperm, BpfInterpreter.Run(program.Instructions, 172, AuditAarch64));
    }

    [Fact]
    public void Architectures_foreign_to_this_kernel_are_ignored_and_reported()
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390X", "SCMP_ARCH_PPC64LE"],
        });

        Assert.Equal(new[] { "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390X" }, program.IgnoredArchitectures);
        Assert.Equal(KillProcess, BpfInterpreter.Run(program.Instructions, 0, 0xC000_0015)); // AUDIT_ARCH_PPC64LE
    }

    [Theory]
    [InlineData(new string[0], SeccompFilterFlags.None)]
    [InlineData(new[] { "SECCOMP_FILTER_FLAG_TSYNC" }, SeccompFilterFlags.Tsync)]
    [InlineData(new[] { "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW" }, SeccompFilterFlags.Log | SeccompFilterFlags.SpecAllow)]
    [InlineData(new[] { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" }, SeccompFilterFlags.None)]
    public void Profile_flags_map_to_kernel_flags(string[] flags, SeccompFilterFlags expected)
    {
        Assert.Equal(expected, Compile(new SeccompSpec { Flags = flags }).Flags);
    }

    [Fact]
    public void Flag_values_are_the_kernels()
    {
        // linux/seccomp.h
        Assert.Equal(1u, (uint)SeccompFilterFlags.Tsync);
        Assert.Equal(2u, (uint)SeccompFilterFlags.Log);
        Assert.Equal(4u, (uint)SeccompFilterFlags.SpecAllow);
    }

    [Fact]
    public void Syscalls_newer_than_the_profile_get_enosys_as_with_runc()
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
            Syscalls =
            [
                Rule("SCMP_ACT_ALLOW", "read", "mkdir", "rt_sigaction"),
                // dropped (it is the default action) but its number still counts
                Rule("SCMP_ACT_ERRNO", "getpid"),
            ],
        });

        // x86_64: the highest number named is mkdir's, 83
        Assert.Equal(Allow, Run(program, Mkdir));
        Assert.Equal(Errno | Eperm, Run(program, 50));
        Assert.Equal(Errno | Enosys, Run(program, 84));
        Assert.Equal(Errno | Enosys, Run(program, 460));
        // x32: rt_sigaction is 512 there
        Assert.Equal(Allow, Run(program, X32Bit | 512));
        Assert.Equal(Errno | Eperm, Run(program, X32Bit | 100));
        Assert.Equal(Errno | Enosys, Run(program, X32Bit | 513));
        // i386: rt_sigaction 174 is the highest
        Assert.Equal(Allow, BpfInterpreter.Run(program.Instructions, 174, AuditI386));
        Assert.Equal(Errno | Eperm, BpfInterpreter.Run(program.Instructions, 100, AuditI386));
        Assert.Equal(Errno | Enosys, BpfInterpreter.Run(program.Instructions, 175, AuditI386));
        Assert.Equal(KillProcess, BpfInterpreter.Run(program.Instructions, 175, AuditAarch64));

        var countsDroppedRules = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_KILL_PROCESS",
            Architectures = ["SCMP_ARCH_X86_64"],
            Syscalls = [Rule("SCMP_ACT_ALLOW", "read"), Rule("SCMP_ACT_KILL_PROCESS", "getpid")],
        });
        Assert.Equal(KillProcess, Run(countsDroppedRules, Getpid));
        Assert.Equal(Errno | Enosys, Run(countsDroppedRules, Getpid + 1));

        // Nothing named: no bound, so no stub.
        var noSyscalls = Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ERRNO", Architectures = ["SCMP_ARCH_X86_64"] });
        Assert.Equal(Errno | Eperm, Run(noSyscalls, 999));
    }

    [Theory]
    [InlineData("SCMP_ACT_ALLOW", null, new[] { "SCMP_ARCH_X86_64" }, Allow)]
    [InlineData("SCMP_ACT_LOG", null, new[] { "SCMP_ARCH_X86_64" }, Log)]
    [InlineData("SCMP_ACT_TRACE", null, new[] { "SCMP_ARCH_X86_64" }, Trace | Eperm)]
    [InlineData("SCMP_ACT_ERRNO", 38u, new[] { "SCMP_ARCH_X86_64" }, Errno | Enosys)]
    [InlineData("SCMP_ACT_ERRNO", null, new string[0], Errno | Eperm)]              // runc stubs only listed arches
    [InlineData("SCMP_ACT_ERRNO", null, new[] { "SCMP_ARCH_X86" }, Errno | Eperm)]
    [InlineData("SCMP_ACT_ERRNO", null, new[] { "SCMP_ARCH_X86_64" }, Errno | Enosys)]
    [InlineData("SCMP_ACT_KILL", null, new[] { "SCMP_ARCH_X86_64" }, Errno | Enosys)]
    public void The_enosys_stub_applies_when_runc_applies_it(string defaultAction, uint? defaultErrno, string[] architectures, uint expected)
    {
        var program = Compile(new SeccompSpec
        {
            DefaultAction = defaultAction,
            DefaultErrnoRet = defaultErrno,
            Architectures = architectures,
            Syscalls = [Rule("SCMP_ACT_TRAP", "write")],
        });

        Assert.Equal(expected, Run(program, 999));
        Assert.Equal(Trap, Run(program, Write));
    }

    [Fact]
    public void A_profile_with_hundreds_of_syscalls_stays_correct_beyond_8_bit_jumps()
    {
        // Every name any table knows, with varied actions, some conditional, on all five ABIs.
        var archs = new[] { SeccompArchitecture.X86_64, SeccompArchitecture.X86, SeccompArchitecture.X32, SeccompArchitecture.Aarch64, SeccompArchitecture.Arm };
        var names = archs.SelectMany(a => SyscallTable.For(a).Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(names.Length > 400, $"{names.Length} names");
        uint ActionOf(int i) => (i % 4) switch { 0 => Allow, 1 => Errno | (uint)(i % 5 + 1), 2 => Log, _ => Trace | (uint)(i % 3) };
        var syscalls = new List<SeccompSyscallSpec>();
        for (var i = 0; i < names.Length; i++)
        {
            var action = ActionOf(i);
            var spec = (action & 0xFFFF_0000) switch
            {
                Allow => new SeccompSyscallSpec { Names = [names[i]], Action = "SCMP_ACT_ALLOW" },
                Log => new SeccompSyscallSpec { Names = [names[i]], Action = "SCMP_ACT_LOG" },
                Errno => new SeccompSyscallSpec { Names = [names[i]], Action = "SCMP_ACT_ERRNO", ErrnoRet = action & 0xFFFF },
                _ => new SeccompSyscallSpec { Names = [names[i]], Action = "SCMP_ACT_TRACE", ErrnoRet = action & 0xFFFF },
            };
            // Every 13th call first gets a conditional rule, so rule blocks sit far from the dispatch too.
            if (i % 13 == 0)
                syscalls.Add(new SeccompSyscallSpec { Names = [names[i]], Action = "SCMP_ACT_KILL_THREAD", Args = [Arg(1, "SCMP_CMP_EQ", 0xDEAD_0000_BEEF)] });
            syscalls.Add(spec);
        }
        var program = Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            DefaultErrnoRet = Enosys,
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
            Syscalls = syscalls,
        });

        Assert.InRange(program.Instructions.Length, 2000, SeccompCompiler.MaxInstructions);
        Assert.Contains(program.Instructions.ToArray(), insn => insn.Code == 0x05 && insn.K > 255); // trampolines exist
        var checkedCalls = 0;
        foreach (var arch in archs)
        {
            var table = SyscallTable.For(arch);
            for (var i = 0; i < names.Length; i++)
            {
                if (!table.TryGetValue(names[i], out var number))
                    continue;
                var nr = (uint)number | arch.SyscallBit;
                Assert.Equal(ActionOf(i), BpfInterpreter.Run(program.Instructions, nr, arch.AuditArch, 0, 0));
                var expectedWithArg = i % 13 == 0 ? KillThread : ActionOf(i);
                var wide = arch.Is64Bit ? 0xDEAD_0000_BEEFul : 0xBEEFul;
                Assert.Equal(i % 13 == 0 && !arch.Is64Bit ? ActionOf(i) : expectedWithArg,
                    BpfInterpreter.Run(program.Instructions, nr, arch.AuditArch, 0, wide));
                checkedCalls++;
            }
            Assert.Equal(Errno | Enosys, BpfInterpreter.Run(program.Instructions, 0x3FFF_0000 | arch.SyscallBit, arch.AuditArch));
        }
        Assert.True(checkedCalls > 1500, $"{checkedCalls} calls checked");
        Assert.Equal(names.Length * archs.Length - checkedCalls, program.SkippedSyscalls.Count);
    }

    [Fact]
    public void A_profile_beyond_4096_instructions_is_refused_clearly()
    {
        var rules = Enumerable.Range(0, 1100)
            .Select(i => new SeccompSyscallSpec { Names = ["ioctl"], Action = "SCMP_ACT_ALLOW", Args = [Arg(1, "SCMP_CMP_EQ", (ulong)i)] })
            .ToList();

        var error = Assert.Throws<SeccompException>(() => Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ERRNO", Syscalls = rules }));
        Assert.StartsWith("$.linux.seccomp: the profile compiles to ", error.Message);
        Assert.EndsWith("BPF instructions; the kernel accepts at most 4096", error.Message);
    }

    public static TheoryData<SeccompSpec, string> InvalidProfiles => new()
    {
        {
            new SeccompSpec { Syscalls = [Rule("SCMP_ACT_ALLOW", "read"), Rule("SCMP_ACT_LOG", "write"), Rule("SCMP_ACT_LOG", "open"), Rule("SCMP_ACT_FOO", "close")] },
            "$.linux.seccomp.syscalls[3].action: unknown action \"SCMP_ACT_FOO\""
        },
        { new SeccompSpec { DefaultAction = "SCMP_ACT_DENY" }, "$.linux.seccomp.defaultAction: unknown action \"SCMP_ACT_DENY\"" },
        { new SeccompSpec { DefaultAction = "" }, "$.linux.seccomp.defaultAction: unknown action \"\"" },
        {
            new SeccompSpec { Syscalls = [Rule("SCMP_ACT_NOTIFY", "mount")] },
            "$.linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY is not supported (no seccomp user notification listener in bock)"
        },
        {
            new SeccompSpec { DefaultAction = "SCMP_ACT_NOTIFY" },
            "$.linux.seccomp.defaultAction: SCMP_ACT_NOTIFY is not supported (no seccomp user notification listener in bock)"
        },
        { new SeccompSpec { Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_Z80"] }, "$.linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"" },
        { new SeccompSpec { Flags = ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_NEW_LISTENER"] }, "$.linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"" },
        { new SeccompSpec { Syscalls = [new SeccompSyscallSpec { Action = "SCMP_ACT_ERRNO" }] }, "$.linux.seccomp.syscalls[0].names: no syscall names" },
        { new SeccompSpec { Syscalls = [Rule("SCMP_ACT_ERRNO", "read", "")] }, "$.linux.seccomp.syscalls[0].names[1]: empty syscall name" },
        {
            new SeccompSpec { Syscalls = [new SeccompSyscallSpec { Names = ["read"], Action = "SCMP_ACT_ERRNO", Args = [Arg(0, "SCMP_CMP_EQ", 1), Arg(6, "SCMP_CMP_EQ", 1)] }] },
            "$.linux.seccomp.syscalls[0].args[1].index: 6 is not an argument index (0-5)"
        },
        {
            new SeccompSpec { Syscalls = [new SeccompSyscallSpec { Names = ["read"], Action = "SCMP_ACT_ERRNO", Args = [Arg(0, "SCMP_CMP_IN", 1)] }] },
            "$.linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_IN\""
        },
        {
            new SeccompSpec { Syscalls = [new SeccompSyscallSpec { Names = ["read"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 70000 }] },
            "$.linux.seccomp.syscalls[0].errnoRet: 70000 does not fit in 16 bits"
        },
        { new SeccompSpec { DefaultAction = "SCMP_ACT_ERRNO", DefaultErrnoRet = 65536 }, "$.linux.seccomp.defaultErrnoRet: 65536 does not fit in 16 bits" },
        // an invalid rule is reported even when its action equals the default (which drops the rule)
        {
            new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = [new SeccompSyscallSpec { Names = ["read"], Action = "SCMP_ACT_ALLOW", Args = [Arg(9, "SCMP_CMP_EQ", 1)] }] },
            "$.linux.seccomp.syscalls[0].args[0].index: 9 is not an argument index (0-5)"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public void Invalid_profiles_are_refused_with_the_json_path(SeccompSpec profile, string message)
    {
        var error = Assert.Throws<SeccompException>(() => Compile(profile));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Errors_use_the_path_the_caller_gives()
    {
        var error = Assert.Throws<SeccompException>(() =>
            SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "x" }, "config.json: $.linux.seccomp"));
        Assert.Equal("config.json: $.linux.seccomp.defaultAction: unknown action \"x\"", error.Message);
    }
}
