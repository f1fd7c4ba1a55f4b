using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Tests.Unit;

public sealed class ArgReaderTests
{
    private static ArgReader Reader() => new ArgReader().Value("bundle", "b").Flag("detach", "d").Value("env", "e");

    [Theory]
    [InlineData("--bundle", "/b")]
    [InlineData("-b", "/b")]
    [InlineData("-bundle", "/b")]
    public void Values_take_long_short_and_single_dash_names(string flag, string value)
    {
        var reader = Reader().Parse([flag, value, "id"], "create");
        Assert.Equal("/b", reader.Get("bundle"));
        Assert.Equal(["id"], reader.Positionals);
    }

    [Fact]
    public void Inline_values_and_booleans()
    {
        var reader = Reader().Parse(["--bundle=/x", "-d", "id"], "run");
        Assert.Equal("/x", reader.Get("bundle"));
        Assert.True(reader.Has("detach"));
        Assert.False(new ArgReader().Flag("detach").Parse(["--detach=false"], "run").Has("detach"));
    }

    [Fact]
    public void Repeated_values_are_all_kept()
    {
        var reader = Reader().Parse(["-e", "A=1", "--env", "B=2"], "exec");
        Assert.Equal(["A=1", "B=2"], reader.GetAll("env"));
    }

    [Fact]
    public void Exec_stops_at_the_first_positional()
    {
        var reader = Reader().Parse(["-d", "id", "sh", "-c", "--bundle"], "exec", stopAtPositional: true);
        Assert.Equal(["id", "sh", "-c", "--bundle"], reader.Positionals);
        Assert.Null(reader.Get("bundle"));
    }

    [Fact]
    public void Unknown_options_and_missing_values_are_clear_errors()
    {
        Assert.Equal("create: unknown option --bogus (see bock-oci create --help)",
            Assert.Throws<OciException>(() => Reader().Parse(["--bogus"], "create")).Message);
        Assert.Equal("create: option --bundle needs a value",
            Assert.Throws<OciException>(() => Reader().Parse(["--bundle"], "create")).Message);
    }

    [Fact]
    public void Numbers_are_checked()
    {
        Assert.Equal(2, new ArgReader().Value("preserve-fds").Parse(["--preserve-fds", "2"], "run").GetInt("preserve-fds", 0));
        Assert.Throws<OciException>(() => new ArgReader().Value("preserve-fds").Parse(["--preserve-fds", "-1"], "run").GetInt("preserve-fds", 0));
    }
}
