using Bock.Kernel.Spec;

namespace Bock.Kernel.Seccomp;

/// <summary>
/// Emits the BPF for validated rules. Shape of the program:
/// <code>
///   A = arch;  one JEQ per AUDIT_ARCH → that ABI's code;  else RET KILL_PROCESS (bad arch)
///   per ABI:   A = nr;  (AUDIT_ARCH_X86_64 only: nr ≥ __X32_SYSCALL_BIT → x32 code, else x86_64 code)
///              nr above the highest number the profile names → RET ERRNO(ENOSYS), when asked for (runc's stub)
///              binary search over the sorted syscall numbers (JGE), a chain of JEQs at each leaf
///   leaf:      JEQ nr → the action's RET when the syscall's first rule is unconditional, else → its rule
///              block, emitted right after the leaf: rules in profile order, each an AND of argument checks,
///              first match wins, then the default
///   RETs:      pooled per action and emitted between leaves once the code using them is ~<see cref="ReturnReach"/>
///              items long, so that most jumps to them fit in 8 bits and need no trampoline
/// </code>
/// Jump distances beyond that are the assembler's concern (trampolines), so correctness never depends on counting.
/// </summary>
internal sealed class SeccompCodeGenerator
{
    // struct seccomp_data (linux/seccomp.h): int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
    private const uint NrOffset = 0, ArchOffset = 4, ArgsOffset = 16;
    private const uint X32SyscallBit = 0x4000_0000;
    private const uint Enosys = 38;

    // A conditional jump reaches 255 instructions; an item may grow into 2-3 instructions with trampolines.
    private const int ReturnReach = 100;

    private readonly BpfAssembler _asm = new();
    private readonly Dictionary<uint, BpfLabel> _returns = [];
    private int _returnsWantedSince;
    private readonly uint _defaultAction;

    public SeccompCodeGenerator(uint defaultAction) => _defaultAction = defaultAction;

    /// <param name="filters">Per architecture (native first), the rules of each syscall number in profile order,
    /// and the number above which syscalls get ENOSYS (null: none do); x32 numbers carry <c>__X32_SYSCALL_BIT</c>.</param>
    public SockFilter[] Generate(
        IReadOnlyList<(SeccompArchitecture Arch, SortedDictionary<uint, List<SeccompRule>> Syscalls, uint? EnosysAbove)> filters)
    {
        var families = filters.GroupBy(f => f.Arch.AuditArch).Select(g => (AuditArch: g.Key, Label: _asm.NewLabel(), Members: g.ToList())).ToList();

        _asm.Load(ArchOffset);
        foreach (var family in families)
        {
            var next = _asm.NewLabel();
            _asm.Branch(BpfAssembler.Jeq, family.AuditArch, family.Label, next);
            _asm.Place(next);
        }
        _asm.Jump(ReturnOf(SeccompActions.KillProcess));

        foreach (var family in families)
        {
            _asm.Place(family.Label);
            _asm.Load(NrOffset);
            if (family.AuditArch == SeccompArchitecture.X86_64.AuditArch)
            {
                // x86_64 and x32 share an AUDIT_ARCH: the syscall bit tells them apart. An ABI the profile does
                // not list gets the bad-arch action, as in libseccomp.
                var x86_64 = family.Members.Where(m => m.Arch.SyscallBit == 0).ToList();
                var x32 = family.Members.Where(m => m.Arch.SyscallBit != 0).ToList();
                var plainLabel = x86_64.Count > 0 ? _asm.NewLabel() : ReturnOf(SeccompActions.KillProcess);
                var x32Label = x32.Count > 0 ? _asm.NewLabel() : ReturnOf(SeccompActions.KillProcess);
                _asm.Branch(BpfAssembler.Jge, X32SyscallBit, x32Label, plainLabel);
                if (x86_64.Count > 0)
                {
                    _asm.Place(plainLabel);
                    DispatchArchitecture(x86_64[0].Arch, x86_64[0].Syscalls, x86_64[0].EnosysAbove);
                }
                if (x32.Count > 0)
                {
                    _asm.Place(x32Label);
                    DispatchArchitecture(x32[0].Arch, x32[0].Syscalls, x32[0].EnosysAbove);
                }
            }
            else
            {
                DispatchArchitecture(family.Members[0].Arch, family.Members[0].Syscalls, family.Members[0].EnosysAbove);
            }
        }

        EmitReturns();
        return _asm.Assemble();
    }

    private void DispatchArchitecture(SeccompArchitecture arch, SortedDictionary<uint, List<SeccompRule>> syscalls, uint? enosysAbove)
    {
        if (enosysAbove is { } highest)
        {
            var known = _asm.NewLabel();
            _asm.Branch(BpfAssembler.Jgt, highest, ReturnOf(SeccompActions.Errno | Enosys), known);
            _asm.Place(known);
        }
        Dispatch(syscalls.ToList(), 0, syscalls.Count, arch.Is64Bit);
    }

    /// <summary>Binary search over <paramref name="syscalls"/>[from..to), sorted by number; A holds the syscall number.
    /// Code after a leaf is never reached by falling through, so rule blocks and RETs can go there.</summary>
    private void Dispatch(List<KeyValuePair<uint, List<SeccompRule>>> syscalls, int from, int to, bool is64Bit)
    {
        // A short run is cheaper as a chain of JEQs than as more JGE levels.
        if (to - from <= 4)
        {
            var blocks = new List<(BpfLabel Entry, List<SeccompRule> Rules)>();
            for (var i = from; i < to; i++)
            {
                var (nr, rules) = syscalls[i];
                BpfLabel entry;
                if (rules[0].Conditions.Count == 0)
                {
                    entry = ReturnOf(rules[0].Action);
                }
                else
                {
                    entry = _asm.NewLabel();
                    blocks.Add((entry, rules));
                }
                var next = i == to - 1 ? ReturnOf(_defaultAction) : _asm.NewLabel();
                _asm.Branch(BpfAssembler.Jeq, nr, entry, next);
                if (i != to - 1)
                    _asm.Place(next);
            }
            if (from == to)
                _asm.Jump(ReturnOf(_defaultAction));
            foreach (var (entry, rules) in blocks)
                EmitRuleBlock(entry, rules, is64Bit);
            if (_returns.Count > 0 && _asm.Count - _returnsWantedSince >= ReturnReach)
                EmitReturns();
            return;
        }
        var middle = (from + to) / 2;
        var lower = _asm.NewLabel();
        var upper = _asm.NewLabel();
        _asm.Branch(BpfAssembler.Jge, syscalls[middle].Key, upper, lower);
        _asm.Place(lower);
        Dispatch(syscalls, from, middle, is64Bit);
        _asm.Place(upper);
        Dispatch(syscalls, middle, to, is64Bit);
    }

    private void EmitRuleBlock(BpfLabel entry, IReadOnlyList<SeccompRule> rules, bool is64Bit)
    {
        _asm.Place(entry);
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            var action = ReturnOf(rule.Action);
            if (rule.Conditions.Count == 0)
            {
                // Unconditional: matches whatever is left, so later rules are unreachable.
                _asm.Jump(action);
                return;
            }
            var last = r == rules.Count - 1;
            var nextRule = last ? ReturnOf(_defaultAction) : _asm.NewLabel();
            for (var i = 0; i < rule.Conditions.Count; i++)
            {
                var pass = i == rule.Conditions.Count - 1 ? action : _asm.NewLabel();
                EmitCondition(rule.Conditions[i], is64Bit, pass, nextRule);
                if (pass != action)
                    _asm.Place(pass);
            }
            if (!last)
                _asm.Place(nextRule);
        }
    }

    /// <summary>Jumps to <paramref name="pass"/> when the 64-bit comparison holds, else to <paramref name="fail"/>.
    /// seccomp_data is in host byte order; the ABIs we support are little-endian, so the low word comes first.</summary>
    private void EmitCondition(SeccompArgSpec condition, bool is64Bit, BpfLabel pass, BpfLabel fail)
    {
        var low = ArgsOffset + 8 * condition.Index;
        var high = low + 4;
        var valueHigh = (uint)(condition.Value >> 32);
        var valueLow = (uint)condition.Value;
        switch (condition.Op)
        {
            case "SCMP_CMP_EQ":
                if (HighEqual(is64Bit, high, uint.MaxValue, valueHigh, differ: fail))
                    CompareLow(low, BpfAssembler.Jeq, valueLow, pass, fail);
                break;
            case "SCMP_CMP_NE":
                if (HighEqual(is64Bit, high, uint.MaxValue, valueHigh, differ: pass))
                    CompareLow(low, BpfAssembler.Jeq, valueLow, fail, pass);
                break;
            case "SCMP_CMP_GT":
                if (HighOrdered(is64Bit, high, valueHigh, above: pass, below: fail))
                    CompareLow(low, BpfAssembler.Jgt, valueLow, pass, fail);
                break;
            case "SCMP_CMP_GE":
                if (HighOrdered(is64Bit, high, valueHigh, above: pass, below: fail))
                    CompareLow(low, BpfAssembler.Jge, valueLow, pass, fail);
                break;
            case "SCMP_CMP_LT":
                if (HighOrdered(is64Bit, high, valueHigh, above: fail, below: pass))
                    CompareLow(low, BpfAssembler.Jge, valueLow, fail, pass);
                break;
            case "SCMP_CMP_LE":
                if (HighOrdered(is64Bit, high, valueHigh, above: fail, below: pass))
                    CompareLow(low, BpfAssembler.Jgt, valueLow, fail, pass);
                break;
            case "SCMP_CMP_MASKED_EQ":
                // (arg & value) == valueTwo, as libseccomp's datum_a (mask) and datum_b.
                var maskHigh = (uint)(condition.Value >> 32);
                var datumHigh = (uint)(condition.ValueTwo >> 32);
                if (HighEqual(is64Bit, high, maskHigh, datumHigh, differ: fail))
                {
                    _asm.Load(low);
                    _asm.And(valueLow);
                    _asm.Branch(BpfAssembler.Jeq, (uint)condition.ValueTwo, pass, fail);
                }
                break;
            default:
                throw new InvalidOperationException($"operator {condition.Op} should have been rejected by validation");
        }
    }

    private void CompareLow(uint offset, ushort op, uint value, BpfLabel whenTrue, BpfLabel whenFalse)
    {
        _asm.Load(offset);
        _asm.Branch(op, value, whenTrue, whenFalse);
    }

    /// <summary>Goes to <paramref name="differ"/> unless (high word &amp; mask) == value; returns false when that
    /// is already decided (a 32-bit ABI's high word is 0), so the low-word check would be dead code.</summary>
    private bool HighEqual(bool is64Bit, uint offset, uint mask, uint value, BpfLabel differ)
    {
        if (!is64Bit)
        {
            if (value == 0)
                return true;
            _asm.Jump(differ);
            return false;
        }
        _asm.Load(offset);
        if (mask != uint.MaxValue)
            _asm.And(mask);
        var equal = _asm.NewLabel();
        _asm.Branch(BpfAssembler.Jeq, value, equal, differ);
        _asm.Place(equal);
        return true;
    }

    /// <summary>Goes to <paramref name="above"/> / <paramref name="below"/> when the high word is greater / smaller
    /// than <paramref name="value"/> and falls through when equal (see <see cref="HighEqual"/> for the result).</summary>
    private bool HighOrdered(bool is64Bit, uint offset, uint value, BpfLabel above, BpfLabel below)
    {
        if (!is64Bit)
        {
            if (value == 0)
                return true;
            _asm.Jump(below);
            return false;
        }
        _asm.Load(offset);
        var notAbove = _asm.NewLabel();
        var equal = _asm.NewLabel();
        _asm.Branch(BpfAssembler.Jgt, value, above, notAbove);
        _asm.Place(notAbove);
        _asm.Branch(BpfAssembler.Jeq, value, equal, below);
        _asm.Place(equal);
        return true;
    }

    /// <summary>The label of a RET of <paramref name="action"/> that is still to be emitted (so lies ahead).</summary>
    private BpfLabel ReturnOf(uint action)
    {
        if (_returns.Count == 0)
            _returnsWantedSince = _asm.Count;
        if (!_returns.TryGetValue(action, out var label))
            _returns[action] = label = _asm.NewLabel();
        return label;
    }

    /// <summary>Emits the pending RETs; only where the code before cannot fall through into them.</summary>
    private void EmitReturns()
    {
        foreach (var (action, label) in _returns)
        {
            _asm.Place(label);
            _asm.Return(action);
        }
        _returns.Clear();
    }
}
