using Bock.Cli.CommandLine;

namespace Bock.Cli.Tests.CommandLine;

public sealed class FlagSetTests
{
    private static FlagSet RunLike() => new FlagSet("bock run", stopAtFirstPositional: true)
        .Bool("interactive", 'i', "")
        .Bool("tty", 't', "")
        .Bool("detach", 'd', "")
        .Value("publish", 'p', "")
        .List("env", 'e', "")
        .Value("name", null, "");

    [Fact]
    public void Bundled_short_booleans_and_a_trailing_value_flag_are_split_as_pflag_does()
    {
        var parsed = RunLike().Parse(["-itdp", "80:80", "alpine"]);
        Assert.True(parsed.Bool("interactive"));
        Assert.True(parsed.Bool("tty"));
        Assert.True(parsed.Bool("detach"));
        Assert.Equal("80:80", parsed.Value("publish"));
        Assert.Equal(["alpine"], parsed.Positional);
    }

    [Fact]
    public void Values_come_inline_attached_or_as_the_next_argument_and_lists_keep_every_occurrence()
    {
        var parsed = RunLike().Parse(["-eA=1", "--env=B=2", "-e", "C=3", "--name", "web", "--tty=false", "busybox"]);
        Assert.Equal(["A=1", "B=2", "C=3"], parsed.List("env"));
        Assert.Equal("web", parsed.Value("name"));
        Assert.False(parsed.Bool("tty"));
    }

    [Fact]
    public void Flags_stop_at_the_image_so_the_command_keeps_its_own_flags()
    {
        var parsed = RunLike().Parse(["-d", "busybox", "ls", "-l", "--name", "x"]);
        Assert.Equal(["busybox", "ls", "-l", "--name", "x"], parsed.Positional);
        Assert.Null(parsed.Value("name"));
    }

    [Fact]
    public void Without_stopping_flags_may_follow_positionals()
    {
        var parsed = new FlagSet("bock rm").Bool("force", 'f', "").Parse(["a", "-f", "b"]);
        Assert.True(parsed.Bool("force"));
        Assert.Equal(["a", "b"], parsed.Positional);
    }

    [Theory]
    [InlineData("--nope", "unknown flag: --nope")]
    [InlineData("-x", "unknown shorthand flag: 'x' in -x")]
    [InlineData("--name", "flag needs an argument: --name")]
    [InlineData("--tty=maybe", "invalid argument \"maybe\" for \"--tty\" flag: expected true or false")]
    public void Bad_flags_are_usage_errors_naming_the_flag(string arg, string message)
    {
        var error = Assert.Throws<UsageException>(() => RunLike().Parse([arg]));
        Assert.Equal(message, error.Message);
        Assert.Equal("bock run", error.Command);
    }

    [Fact]
    public void Help_anywhere_among_the_flags_asks_for_help()
    {
        Assert.Throws<HelpRequested>(() => RunLike().Parse(["-d", "--help"]));
        Assert.Throws<HelpRequested>(() => RunLike().Parse(["-h"]));
    }

    [Fact]
    public void Argument_counts_are_checked_with_dockers_wording()
    {
        var parsed = new FlagSet("bock logs").Parse([]);
        var error = Assert.Throws<UsageException>(() => parsed.Arguments(1, 1));
        Assert.Equal("\"bock logs\" requires exactly 1 argument.", error.Message);
    }
}
