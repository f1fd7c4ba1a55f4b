using Bock.Builder.Dockerfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Dockerfile;

/// <summary>Behaviour the corpus does not show well: line endings, the API's arguments, and how graphs are used.</summary>
public sealed class DockerfileFrontEndTests
{
    private static readonly Dictionary<string, string> NoArgs = [];

    private static BuildGraph Parse(string text, IReadOnlyDictionary<string, string>? args = null, string? target = null) =>
        DockerfileFrontEnd.Parse(text, "Dockerfile", args ?? NoArgs, target);

    [Fact]
    public void Crlf_line_endings_and_a_byte_order_mark_read_like_lf()
    {
        var crlf = Parse("\uFEFFFROM alpine\r\nRUN echo a \\\r\n    b\r\nCOPY <<EOF /x\r\nline\r\nEOF\r\n");
        var lf = Parse("FROM alpine\nRUN echo a \\\n    b\nCOPY <<EOF /x\nline\nEOF\n");
        Assert.Equal(BuildGraphJson.Serialize(lf), BuildGraphJson.Serialize(crlf));
    }

    [Fact]
    public void Continuations_keep_the_next_line_indentation_as_moby_s_continue_indent_test_file_expects()
    {
        const string text = "FROM ubuntu:14.04\n\nRUN echo hello\\\n  world\\\n  goodnight  \\\n  moon\\\n  light\\\nning\n" +
            "RUN echo hello  \\\n  world\nRUN echo hello  \\\nworld\nRUN echo hello \\\ngoodbye\\\nfrog\n" +
            "RUN echo hi \\\n \\\n world \\\n\\\n good\\\n\\\nnight\nRUN echo goodbye\\\nfrog\nRUN echo good\\\nbye\\\nfrog\n";
        Assert.Equal(
        [
            "echo hello  world  goodnight    moon  lightning", "echo hello    world", "echo hello  world", "echo hello goodbyefrog",
            "echo hi   world  goodnight", "echo goodbyefrog", "echo goodbyefrog",
        ], Parse(text).Stages[0].Steps.OfType<RunStep>().Select(r => r.Command.Single()));
    }

    [Fact]
    public void An_indented_escape_directive_counts_and_a_trailing_escape_continues_the_line()
    {
        // BuildKit strips the indentation before looking for a directive (the classic builder did not: moby's
        // escape_whitespace test file), so "ENV foo `" continues into the next line.
        var env = Parse("  #escape = `\n\nFROM image\nENV foo `\nENV bar baz").Stages[0].Steps.OfType<EnvStep>().ToList();
        Assert.Equal([new("foo", "ENV bar baz")], env.Single().Variables);
    }

    [Fact]
    public void A_build_arg_reaches_from_lines_and_redeclared_args_but_not_undeclared_ones()
    {
        var graph = Parse("ARG TAG=3.19\nFROM alpine:$TAG\nARG TAG\nARG OTHER\nENV T=$TAG O=${OTHER:-none} U=${UNDECLARED:-none}\n",
            new Dictionary<string, string> { ["TAG"] = "3.20", ["OTHER"] = "x", ["UNDECLARED"] = "y" });
        var stage = graph.Stages.Single();
        Assert.Equal(new StageBase.Image("alpine:3.20"), stage.Base);
        Assert.Equal([new("T", "3.20"), new("O", "x"), new("U", "none")], stage.Steps.OfType<EnvStep>().Single().Variables);
    }

    [Fact]
    public void A_global_arg_is_not_in_a_stage_until_redeclared()
    {
        var env = Parse("ARG V=1\nFROM alpine\nENV BEFORE=${V:-unset}\nARG V\nENV AFTER=${V:-unset}\n").Stages[0].Steps.OfType<EnvStep>().ToList();
        Assert.Equal("unset", env[0].Variables[0].Value);
        Assert.Equal("1", env[1].Variables[0].Value);
    }

    [Fact]
    public void The_target_is_the_last_stage_or_the_named_one_in_any_case()
    {
        const string text = "FROM alpine AS a\nFROM alpine AS b\n";
        Assert.Equal("b", Parse(text).Target);
        Assert.Equal("a", Parse(text, target: "A").Target);
    }

    [Fact]
    public void Needed_stages_skip_image_references_used_as_copy_sources()
    {
        var graph = Parse("FROM alpine AS tools\nFROM alpine AS unused\nFROM scratch\nCOPY --from=tools /a /a\nCOPY --from=busybox /bin/sh /sh\n");
        Assert.Equal(["tools", "2"], graph.Needed(graph.Target).Select(s => s.Name));
    }

    [Fact]
    public void A_stage_named_like_its_image_is_based_on_the_image()
    {
        // BuildKit resolves FROM against earlier stages only: "FROM node AS node" is the node image.
        var graph = Parse("FROM node AS node\nFROM node\n");
        Assert.Equal(new StageBase.Image("node"), graph.Stages[0].Base);
        Assert.Equal(new StageBase.Stage("node"), graph.Stages[1].Base);
    }

    [Fact]
    public void An_arg_after_an_env_of_the_same_name_wins_as_in_buildkit()
    {
        var run = Parse("FROM alpine\nENV V=env\nARG V=arg\nRUN true\nENV V=env2\nRUN true\n").Stages[0].Steps.OfType<RunStep>().ToList();
        Assert.Equal("arg", run[0].BuildArgs["V"]);
        Assert.False(run[1].BuildArgs.ContainsKey("V"));
    }

    [Fact]
    public void Mount_defaults_are_buildkit_s()
    {
        var mounts = Parse("FROM alpine\nRUN --mount=type=secret,src=npmrc,mode=0440 --mount=type=tmpfs,target=/t,size=64m " +
            "--mount=type=cache,target=/c,ro=T --mount=type=ssh,required=true true\n").Stages[0].Steps.OfType<RunStep>().Single().Mounts;
        Assert.Equal(new RunMount("secret", "/run/secrets/npmrc") { Id = "npmrc", Mode = "0440", ReadOnly = true }, mounts[0]);
        Assert.Equal(new RunMount("tmpfs", "/t"), mounts[1]);
        Assert.Equal(new RunMount("cache", "/c") { ReadOnly = true }, mounts[2]);
        Assert.Equal(new RunMount("ssh", "/run/buildkit/ssh_agent.0") { Id = "default", Required = true, ReadOnly = true }, mounts[3]);
    }

    [Fact]
    public void Boolean_flags_take_true_or_false_in_any_case()
    {
        var copies = Parse("FROM alpine\nCOPY --link a b\nCOPY --link=TRUE a b\nCOPY --link=False a b\n").Stages[0].Steps.OfType<CopyStep>();
        Assert.Equal([true, true, false], copies.Select(c => c.Link));
    }

    [Fact]
    public void Healthcheck_none_ignores_timing_flags() =>
        Assert.Equal(["NONE"], Parse("FROM alpine\nHEALTHCHECK --interval=5s NONE\n").Stages[0].Steps.OfType<HealthcheckStep>().Single().Test);

    [Fact]
    public void An_error_inside_a_continued_line_points_at_the_physical_line_and_column()
    {
        var error = Assert.Throws<BuildSpecException>(() => Parse("FROM alpine\nENV A=1 \\\n  # comment\n      B=${A:x}\n"));
        Assert.Equal(new SourceLocation("Dockerfile", 4, 9), error.Location);
    }

    [Fact]
    public void The_first_error_in_the_file_is_reported_even_when_a_later_from_line_is_malformed() =>
        Assert.Equal("Dockerfile:2:6: unknown flag for COPY: --form",
            Assert.Throws<BuildSpecException>(() => Parse("FROM alpine\nCOPY --form=x a b\nFROM alpine AS 9lives\n")).Message);

    [Theory]
    [InlineData("FROM alpine\nCOPY --from= /a /b\n", "Dockerfile:2:6: --from needs a stage name, index or image")]
    [InlineData("FROM alpine\nHEALTHCHECK NONE --x\n", "Dockerfile:2:13: HEALTHCHECK NONE takes no arguments")]
    [InlineData("FROM alpine\nHEALTHCHECK --retries=-1 CMD true\n", "Dockerfile:2:13: --retries cannot be negative")]
    [InlineData("FROM alpine\nHEALTHCHECK --interval=10us CMD true\n", "Dockerfile:2:13: --interval cannot be less than 1ms")]
    [InlineData("FROM alpine\nHEALTHCHECK WHAT true\n", "Dockerfile:2:13: unknown type \"WHAT\" in HEALTHCHECK (try CMD)")]
    [InlineData("FROM alpine\nRUN --network=bridge true\n", "Dockerfile:2:5: unsupported network mode \"bridge\"")]
    [InlineData("FROM alpine\nRUN --mount=type=cache true\n", "Dockerfile:2:5: --mount: a cache mount needs a target")]
    [InlineData("FROM alpine\nRUN --mount=type=secret,id=a,from=alpine true\n", "Dockerfile:2:5: --mount: secret mount should not have a from")]
    [InlineData("FROM alpine\nRUN --mount=type=secret,id=a,src=b true\n", "Dockerfile:2:5: --mount: both source and id can't be set")]
    [InlineData("FROM alpine\nRUN --mount=type=secret true\n", "Dockerfile:2:5: --mount: invalid secret mount. one of source, target required")]
    [InlineData("FROM alpine\nRUN --mount=type=bind,target=/x,required true\n", "Dockerfile:2:5: --mount: unexpected key 'required' for mount type 'bind'")]
    [InlineData("FROM alpine\nRUN --mount=type=bind,target=/x,mode=0600 true\n", "Dockerfile:2:5: --mount: mode not allowed for \"bind\" type mounts")]
    [InlineData("FROM alpine\nRUN --mount=type=tmpfs,target=/x,sharing=locked true\n", "Dockerfile:2:5: --mount: invalid cache sharing set for tmpfs mount")]
    [InlineData("FROM alpine\nRUN --mount=type=cache,target=/x,size=1g true\n", "Dockerfile:2:5: --mount: unexpected key 'size' for mount type 'cache'")]
    [InlineData("FROM alpine\nRUN --mount=type=cache,target /x true\n", "Dockerfile:2:5: --mount: invalid field 'target' must be a key=value pair")]
    [InlineData("FROM alpine\nRUN --mount=type=cache,target=/x,mode=9 true\n", "Dockerfile:2:5: --mount: invalid value 9 for mode")]
    [InlineData("FROM alpine\nRUN --mount=type=cache,target=/x,ro=maybe true\n", "Dockerfile:2:5: --mount: invalid value for ro: maybe")]
    [InlineData("FROM alpine\nRUN --link true\n", "Dockerfile:2:5: unknown flag for RUN: --link")]
    [InlineData("FROM alpine\nCOPY --link=maybe a b\n", "Dockerfile:2:6: expecting boolean value for flag --link, not: maybe")]
    [InlineData("FROM alpine\nCOPY --link= a b\n", "Dockerfile:2:6: missing a value on flag --link")]
    [InlineData("FROM alpine\nCOPY --from a b\n", "Dockerfile:2:6: missing a value on flag --from")]
    [InlineData("FROM alpine\nCOPY --chown=1 --chown=2 a b\n", "Dockerfile:2:16: duplicate flag specified: --chown")]
    [InlineData("FROM alpine\nCMD [\"a\", 1]\n", "Dockerfile:2:5: JSON array must contain only strings")]
    [InlineData("FROM alpine\nCOPY a <<EOF\nx\nEOF\n", "Dockerfile:2:8: COPY cannot have a heredoc as its destination")]
    [InlineData("FROM alpine\nENV\n", "Dockerfile:2:1: ENV requires at least one argument")]
    [InlineData("FROM alpine\nENV A=1 B\n", "Dockerfile:2:9: syntax error - can't find = in \"B\"; must be of the form: name=value")]
    [InlineData("FROM alpine\nENV ONLYKEY\n", "Dockerfile:2:5: ENV must have two arguments")]
    [InlineData("FROM alpine\nLABEL =x\n", "Dockerfile:2:7: LABEL names can not be blank")]
    [InlineData("FROM alpine\nWORKDIR\n", "Dockerfile:2:1: WORKDIR requires exactly one argument")]
    [InlineData("FROM alpine\nUSER $NOBODY\n", "Dockerfile:2:6: USER is empty after substitution")]
    [InlineData("FROM alpine\nVOLUME [\"\"]\n", "Dockerfile:2:8: VOLUME specified can not be an empty string")]
    [InlineData("FROM alpine\nEXPOSE 90-80\n", "Dockerfile:2:8: invalid port \"90-80\": expected PORT[-PORT][/tcp|udp|sctp]")]
    [InlineData("FROM alpine\nRUN\n", "Dockerfile:2:1: RUN requires at least one argument")]
    [InlineData("FROM alpine\nONBUILD ONBUILD RUN x\n", "Dockerfile:2:9: ONBUILD isn't allowed as an ONBUILD trigger")]
    [InlineData("FROM alpine\nONBUILD BOGUS x\n", "Dockerfile:2:9: unknown instruction: BOGUS")]
    [InlineData("FROM alpine\nMAINTAINER me\n", "Dockerfile:2:1: MAINTAINER is deprecated and not supported: use LABEL maintainer=\"…\"")]
    [InlineData("FROM $UNSET\n", "Dockerfile:1:6: base name ($UNSET) should not be blank")]
    [InlineData("FROM alpine\nENV A='x\n", "Dockerfile:2:7: unexpected end of statement while looking for matching single-quote")]
    [InlineData("FROM alpine\nENV A=\"x\n", "Dockerfile:2:7: unexpected end of statement while looking for matching double-quote")]
    [InlineData("FROM alpine\nENV A=${B\n", "Dockerfile:2:7: syntax error: missing '}'")]
    [InlineData("# escape=`\n# escape=\\\nFROM alpine\n", "Dockerfile:2:1: only one escape parser directive can be used")]
    [InlineData("", "Dockerfile:1:1: the Dockerfile has no FROM: no stage to build")]
    public void Each_mistake_is_reported_where_it_was_written(string text, string message) =>
        Assert.Equal(message, Assert.Throws<BuildSpecException>(() => Parse(text)).Message);
}
