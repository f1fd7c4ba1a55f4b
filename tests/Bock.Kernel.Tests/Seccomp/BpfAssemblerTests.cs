using Bock.Kernel.Seccomp;
using Xunit;

namespace Bock.Kernel.Tests.Seccomp;

public class BpfAssemblerTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(254, 0, 0)]    // the true target is exactly 255 ahead
    [InlineData(255, 0, 1)]    // 256 ahead
    [InlineData(300, 0, 1)]
    [InlineData(0, 300, 2)]
    [InlineData(300, 600, 2)]
    [InlineData(254, 255, 2)]  // the false target is 255 ahead until the true target's trampoline pushes it to 256
    [InlineData(1000, 5, 1)]
    public void Branches_reach_targets_at_any_distance(int paddingBeforeTrue, int paddingBeforeFalse, int trampolines)
    {
        // if (nr == 7) return 1000 else return 2000, with filler loads between the branch and each return.
        var asm = new BpfAssembler();
        var whenTrue = asm.NewLabel();
        var whenFalse = asm.NewLabel();
        asm.Load(0);
        asm.Branch(BpfAssembler.Jeq, 7, whenTrue, whenFalse);
        Filler(asm, paddingBeforeFalse);
        asm.Place(whenFalse);
        asm.Return(2000);
        Filler(asm, paddingBeforeTrue);
        asm.Place(whenTrue);
        asm.Return(1000);

        var program = asm.Assemble();

        Assert.Equal(1000u, BpfInterpreter.Run(program, 7, 0));
        Assert.Equal(2000u, BpfInterpreter.Run(program, 8, 0));
        Assert.Equal(trampolines, program.Count(i => i.Code == 0x05));
    }

    [Fact]
    public void Trampolines_that_push_other_branches_out_of_reach_are_accounted_for()
    {
        // 200 branches, each to a return 255 items ahead of it at first: every trampoline added moves
        // the returns further, so layout must iterate until all branches reach.
        var asm = new BpfAssembler();
        var end = asm.NewLabel();
        asm.Load(0);
        for (uint i = 0; i < 200; i++)
        {
            var next = asm.NewLabel();
            asm.Branch(BpfAssembler.Jeq, i, end, next);
            asm.Place(next);
        }
        Filler(asm, 60);
        asm.Return(1);
        asm.Place(end);
        asm.Return(2);

        var program = asm.Assemble();

        for (uint nr = 0; nr < 200; nr++)
            Assert.Equal(2u, BpfInterpreter.Run(program, nr, 0));
        Assert.Equal(1u, BpfInterpreter.Run(program, 200, 0));
    }

    [Fact]
    public void A_label_behind_the_jump_or_never_placed_is_a_bug_not_a_program()
    {
        var backwards = new BpfAssembler();
        var label = backwards.NewLabel();
        backwards.Place(label);
        backwards.Jump(label);
        Assert.Throws<InvalidOperationException>(backwards.Assemble);

        var unplaced = new BpfAssembler();
        unplaced.Jump(unplaced.NewLabel());
        Assert.Throws<InvalidOperationException>(unplaced.Assemble);
    }

    private static void Filler(BpfAssembler asm, int count)
    {
        for (var i = 0; i < count; i++)
            asm.Load(0);
    }
}
