using System.Buffers.Binary;
using Bock.Kernel.Seccomp;

namespace Bock.Kernel.Tests.Seccomp;

/// <summary>
/// Runs classic BPF the way the kernel's seccomp does, for the instructions the compiler emits. It first applies
/// the kernel's static checks (bpf_check_classic, seccomp_check_filter), so a program that passes here is one
/// the kernel would load. Opcodes are spelled out again here rather than taken from the compiler, so a wrong
/// constant there cannot agree with itself.
/// </summary>
internal static class BpfInterpreter
{
    private const ushort LdWAbs = 0x20, AluAndK = 0x54, AluOrK = 0x44, Ja = 0x05, JeqK = 0x15, JgtK = 0x25,
        JgeK = 0x35, JsetK = 0x45, RetK = 0x06;

    public const int SeccompDataSize = 64;

    public static void Validate(ReadOnlySpan<SockFilter> program)
    {
        if (program.Length is 0 or > 4096)
            throw new InvalidOperationException($"program length {program.Length}");
        for (var pc = 0; pc < program.Length; pc++)
        {
            var insn = program[pc];
            switch (insn.Code)
            {
                case LdWAbs:
                    if (insn.K % 4 != 0 || insn.K + 4 > SeccompDataSize)
                        throw new InvalidOperationException($"{pc}: load outside seccomp_data at {insn.K}");
                    break;
                case AluAndK or AluOrK or RetK:
                    break;
                case Ja:
                    if (pc + 1 + (long)insn.K >= program.Length)
                        throw new InvalidOperationException($"{pc}: JA out of the program");
                    break;
                case JeqK or JgtK or JgeK or JsetK:
                    if (pc + 1 + insn.Jt >= program.Length || pc + 1 + insn.Jf >= program.Length)
                        throw new InvalidOperationException($"{pc}: branch out of the program");
                    break;
                default:
                    throw new InvalidOperationException($"{pc}: opcode 0x{insn.Code:x} not expected");
            }
        }
        if (program[^1].Code != RetK)
            throw new InvalidOperationException("the last instruction is not a return");
    }

    public static uint Run(ReadOnlySpan<SockFilter> program, uint nr, uint arch, params ulong[] args)
    {
        Validate(program);
        Span<byte> data = stackalloc byte[SeccompDataSize];
        data.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(data, nr);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], arch);
        for (var i = 0; i < args.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(data[(16 + 8 * i)..], args[i]);

        uint a = 0;
        var pc = 0;
        while (true)
        {
            var insn = program[pc++];
            switch (insn.Code)
            {
                case LdWAbs: a = BinaryPrimitives.ReadUInt32LittleEndian(data[(int)insn.K..]); break;
                case AluAndK: a &= insn.K; break;
                case AluOrK: a |= insn.K; break;
                case Ja: pc += (int)insn.K; break;
                case JeqK: pc += a == insn.K ? insn.Jt : insn.Jf; break;
                case JgtK: pc += a > insn.K ? insn.Jt : insn.Jf; break;
                case JgeK: pc += a >= insn.K ? insn.Jt : insn.Jf; break;
                case JsetK: pc += (a & insn.K) != 0 ? insn.Jt : insn.Jf; break;
                case RetK: return insn.K;
            }
        }
    }
}
