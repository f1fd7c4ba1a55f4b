using Bock.Builder.Bockfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Bockfile;

public sealed class BockfileFrontEndTests
{
    private static readonly Dictionary<string, string> NoArgs = new();

    private const string TwoStages = """
        version: 1
        target: one
        stages:
          one:
            from: scratch
          two:
            from: one
        """;

    [Fact]
    public void The_target_is_the_command_line_one_then_the_bockfile_one_then_the_last_stage()
    {
        Assert.Equal("two", BockfileFrontEnd.Parse(TwoStages, "B", NoArgs, "two").Target);
        Assert.Equal("one", BockfileFrontEnd.Parse(TwoStages, "B", NoArgs, null).Target);
        Assert.Equal("two", BockfileFrontEnd.Parse(TwoStages.Replace("target: one\n", ""), "B", NoArgs, null).Target);
    }

    [Fact]
    public void Stages_are_put_after_the_stages_they_read_and_numbered_in_that_order()
    {
        var graph = BockfileFrontEnd.Parse("""
            version: 1
            stages:
              c:
                from: scratch
                steps:
                  - copy: /x
                    from: b
                    to: /x
              b:
                from: a
              a:
                from: alpine:3.20
              d:
                from: scratch
            """, "B", NoArgs, null);
        Assert.Equal(["a", "b", "c", "d"], graph.Stages.Select(s => s.Name));
        Assert.Equal([0, 1, 2, 3], graph.Stages.Select(s => s.Index));
        Assert.Equal(["a", "b", "c"], graph.Needed("c").Select(s => s.Name));
    }

    [Fact]
    public void A_stage_sees_the_env_and_shell_of_the_stage_it_is_based_on_but_not_its_args()
    {
        var graph = BockfileFrontEnd.Parse("""
            version: 1
            args:
              A: from-arg
            stages:
              base:
                from: scratch
                steps:
                  - arg: A
                  - env: {HOME: /home/base}
                  - shell: [/bin/ash, -c]
              next:
                from: base
                steps:
                  - workdir: ${HOME}/${A:-no-arg}
                cmd: run it
            """, "B", NoArgs, null);
        var next = graph.Stage("next");
        Assert.Equal("/home/base/no-arg", Assert.IsType<WorkdirStep>(next.Steps[0]).Path);
        Assert.Equal(["/bin/ash", "-c", "run it"], Assert.IsType<CmdStep>(next.Steps[1]).Command);
    }

    [Fact]
    public void A_build_arg_wins_over_a_stage_default_which_wins_over_the_top_level_default()
    {
        const string spec = """
            version: 1
            args:
              MODE: {type: enum, values: [fast, safe, slow], default: slow}
            stages:
              app:
                from: scratch
                steps:
                  - arg: {name: MODE, default: safe}
                  - run: [build, --mode]
            """;
        string Mode(Dictionary<string, string> given) =>
            ((RunStep)BockfileFrontEnd.Parse(spec, "B", given, null).Stages[0].Steps[1]).BuildArgs["MODE"];
        Assert.Equal("safe", Mode(NoArgs));
        Assert.Equal("fast", Mode(new() { ["MODE"] = "fast" }));
    }

    [Fact]
    public void An_unknown_key_far_from_any_known_one_has_no_suggestion()
    {
        var error = Assert.Throws<BuildSpecException>(() =>
            BockfileFrontEnd.Parse("version: 1\nstages:\n  a:\n    from: scratch\n    colour: red\n", "B", NoArgs, null));
        Assert.Equal("B:5:5: unknown key 'colour' in stage 'a'", error.Message);
        Assert.Equal(new SourceLocation("B", 5, 5), error.Location);
    }

    [Theory]
    [InlineData("stages:\n  Build:\n    from: scratch\n", "B:3:3: 'Build' is not a stage name (lowercase letters, digits, '.', '_' and '-', starting with a letter)")]
    [InlineData("stages:\n  scratch:\n    from: alpine:3.20\n", "B:3:3: 'scratch' is the empty base and cannot name a stage")]
    [InlineData("stages:\n  a:\n    from: a\n", "B:4:11: stages depend on each other in a cycle: a -> a")]
    [InlineData("stages:\n  a:\n    from: scratch\n    steps:\n      - file: /etc/\n        content: x\n", "B:6:15: file names a file, not a directory: '/etc/'")]
    [InlineData("stages:\n  a:\n    from: scratch\n    steps:\n      - copy: x\n        to: /x\n        chmod: rwx\n", "B:8:16: chmod must be an octal mode such as \"0755\", not 'rwx'")]
    [InlineData("stages:\n  a:\n    from: scratch\n    steps:\n      - run: x\n        mounts: [{type: volume, target: /v}]\n", "B:7:25: unknown mount type 'volume': bind, cache, tmpfs or secret")]
    [InlineData("stages:\n  a:\n    from: scratch\n    steps:\n      - run: x\n        mounts: [{type: cache}]\n", "B:7:18: a cache mount needs 'target'")]
    [InlineData("stages:\n  a:\n    from: scratch\n    stop_signal: TERM!\n", "B:5:18: stop_signal must be a signal name such as SIGTERM or a number, not 'TERM!'")]
    [InlineData("stages:\n  a:\n    from: scratch\n    steps:\n      - to: /app\n        cpy: app\n", "B:7:9: a step needs one of run, copy, add, file, env, workdir, user, arg, shell; did you mean 'copy'?")]
    [InlineData("stages:\n  a:\n    from: scratch\n    steps:\n      - env: {\"A B\": x}\n", "B:6:15: 'A B' is not a variable name")]
    [InlineData("args:\n  N: {type: int, values: [1]}\nstages:\n  a:\n    from: scratch\n", "B:3:18: 'values' is only for enum args; 'N' is int")]
    [InlineData("args:\n  N: {type: integer}\nstages:\n  a:\n    from: scratch\n", "B:3:13: unknown arg type 'integer': string, int, bool or enum")]
    [InlineData("args:\n  N: {required: true, default: x}\nstages:\n  a:\n    from: scratch\n", "B:3:32: arg 'N' is required and so cannot have a default")]
    [InlineData("stages: {}\n", "B:2:9: stages must be a mapping of stage names to stages, not a mapping")]
    public void Mistakes_are_reported_where_they_are_written(string body, string message) =>
        Assert.Equal(message, Assert.Throws<BuildSpecException>(() => BockfileFrontEnd.Parse("version: 1\n" + body, "B", NoArgs, null)).Message);

    [Fact]
    public void The_declared_args_are_listed_with_their_documentation_without_needing_values()
    {
        var args = BockfileFrontEnd.DeclaredArgs("""
            version: 1
            args:
              VERSION: {required: true, description: The release.}
              PORT: {type: int, default: 80}
              MODE: {type: enum, values: [a, b]}
              BASE: debian
            stages:
              a:
                from: scratch
            """, "B");
        Assert.Equal(["VERSION", "PORT", "MODE", "BASE"], args.Select(a => a.Name));
        Assert.Equal(new ArgDeclaration("VERSION", ArgType.String, null, "The release.", true, [], new SourceLocation("B", 3, 3)) with { Values = args[0].Values }, args[0]);
        Assert.Equal((ArgType.Int, "80"), (args[1].Type, args[1].Default));
        Assert.Equal(["a", "b"], args[2].Values);
        Assert.Equal((ArgType.String, "debian"), (args[3].Type, args[3].Default));
    }
}
