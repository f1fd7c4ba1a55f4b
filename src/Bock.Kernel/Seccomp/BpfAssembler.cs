namespace Bock.Kernel.Seccomp;

/// <summary>
/// Builds a classic BPF program with symbolic jump targets. Classic BPF jumps only forward, and a conditional
/// jump's offsets are 8 bits: a target more than 255 instructions away is reached through a <c>JA</c> trampoline
/// (32-bit offset) placed right after the conditional jump. Trampolines push later code further away, so layout
/// repeats until no jump needs a new one (a jump only ever goes from near to far, so this terminates).
/// </summary>
internal sealed class BpfAssembler
{
    // linux/bpf_common.h
    public const ushort LdWAbs = 0x00 | 0x00 | 0x20; // BPF_LD | BPF_W | BPF_ABS
    public const ushort AluAndK = 0x04 | 0x50 | 0x00; // BPF_ALU | BPF_AND | BPF_K
    public const ushort Ja = 0x05 | 0x00; // BPF_JMP | BPF_JA
    public const ushort Jeq = 0x10, Jgt = 0x20, Jge = 0x30; // BPF_JMP | op | BPF_K, with Jmp added below
    public const ushort Jmp = 0x05;
    public const ushort RetK = 0x06 | 0x00; // BPF_RET | BPF_K

    private enum Kind : byte { Plain, Jump, Branch, Label }

    private readonly record struct Item(Kind Kind, ushort Code, uint K, int Target, int WhenFalse);

    private readonly List<Item> _items = [];
    private int _labels;

    public BpfLabel NewLabel() => new(_labels++);

    /// <summary>Items emitted so far: about one instruction each (before trampolines).</summary>
    public int Count => _items.Count;

    public void Place(BpfLabel label) => _items.Add(new Item(Kind.Label, 0, 0, label.Id, 0));

    public void Load(uint offset) => _items.Add(new Item(Kind.Plain, LdWAbs, offset, 0, 0));

    public void And(uint mask) => _items.Add(new Item(Kind.Plain, AluAndK, mask, 0, 0));

    public void Return(uint value) => _items.Add(new Item(Kind.Plain, RetK, value, 0, 0));

    public void Jump(BpfLabel target) => _items.Add(new Item(Kind.Jump, Ja, 0, target.Id, 0));

    /// <summary>Compares the accumulator with <paramref name="k"/> using <paramref name="op"/> (Jeq, Jgt, Jge).</summary>
    public void Branch(ushort op, uint k, BpfLabel whenTrue, BpfLabel whenFalse)
    {
        if (whenTrue == whenFalse)
            Jump(whenTrue);
        else
            _items.Add(new Item(Kind.Branch, (ushort)(Jmp | op), k, whenTrue.Id, whenFalse.Id));
    }

    public SockFilter[] Assemble()
    {
        // far[i]: bit 0 = the true target needs a trampoline, bit 1 = the false target does.
        var far = new byte[_items.Count];
        var labelAt = new int[_labels];
        int length;
        bool changed;
        do
        {
            length = Layout(far, labelAt);
            changed = false;
            var position = 0;
            for (var i = 0; i < _items.Count; i++)
            {
                var item = _items[i];
                // Positions in this pass are those of the layout above: a trampoline added now moves code next pass.
                var size = Size(item, far[i]);
                if (item.Kind == Kind.Branch)
                {
                    if ((far[i] & 1) == 0 && Offset(labelAt, item.Target, position) > byte.MaxValue)
                    {
                        far[i] |= 1;
                        changed = true;
                    }
                    if ((far[i] & 2) == 0 && Offset(labelAt, item.WhenFalse, position) > byte.MaxValue)
                    {
                        far[i] |= 2;
                        changed = true;
                    }
                }
                position += size;
            }
        }
        while (changed);

        var program = new SockFilter[length];
        var at = 0;
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            switch (item.Kind)
            {
                case Kind.Plain:
                    program[at++] = new SockFilter(item.Code, 0, 0, item.K);
                    break;
                case Kind.Jump:
                    program[at] = new SockFilter(Ja, 0, 0, (uint)Offset(labelAt, item.Target, at));
                    at++;
                    break;
                case Kind.Branch:
                    var self = at++;
                    // A far target's trampoline follows the branch: true's first, then false's.
                    var jt = (far[i] & 1) != 0 ? Trampoline(program, ref at, labelAt, item.Target, self) : Offset(labelAt, item.Target, self);
                    var jf = (far[i] & 2) != 0 ? Trampoline(program, ref at, labelAt, item.WhenFalse, self) : Offset(labelAt, item.WhenFalse, self);
                    program[self] = new SockFilter(item.Code, checked((byte)jt), checked((byte)jf), item.K);
                    break;
            }
        }
        return program;
    }

    private static int Trampoline(SockFilter[] program, ref int at, int[] labelAt, int label, int branch)
    {
        program[at] = new SockFilter(Ja, 0, 0, (uint)Offset(labelAt, label, at));
        return at++ - branch - 1;
    }

    private int Layout(byte[] far, int[] labelAt)
    {
        Array.Fill(labelAt, -1);
        var position = 0;
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Kind == Kind.Label)
                labelAt[_items[i].Target] = position;
            position += Size(_items[i], far[i]);
        }
        return position;
    }

    private static int Size(Item item, byte far) => item.Kind switch
    {
        Kind.Label => 0,
        Kind.Branch => 1 + (far & 1) + ((far >> 1) & 1),
        _ => 1,
    };

    /// <summary>The jump offset from the instruction at <paramref name="from"/> to a label: relative to the next one.</summary>
    private static int Offset(int[] labelAt, int label, int from)
    {
        var target = labelAt[label];
        if (target < 0)
            throw new InvalidOperationException($"BPF label {label} was never placed");
        var offset = target - from - 1;
        if (offset < 0)
            throw new InvalidOperationException($"BPF jump backwards from {from} to label {label}: classic BPF jumps only forward");
        return offset;
    }
}
