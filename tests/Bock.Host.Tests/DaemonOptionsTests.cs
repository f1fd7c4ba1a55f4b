namespace Bock.Host.Tests;

public sealed class DaemonOptionsTests
{
    [Fact]
    public void The_defaults_are_the_system_paths()
    {
        var options = DaemonOptions.Parse([]);
        Assert.Equal("/var/lib/bock", options.Root);
        Assert.Equal("/run/bock", options.RunRoot);
        Assert.Equal("/run/bock/bock.sock", options.SocketPath);
        Assert.Null(options.BockOciPath);
        Assert.False(options.Help);
    }

    [Fact]
    public void Options_take_their_value_separately_or_after_an_equals_sign()
    {
        var options = DaemonOptions.Parse(["--root", "/srv/bock", "--run-root=/tmp/r", "--socket", "/tmp/r/s.sock", "--bock-oci=/opt/bock-oci", "--help"]);
        Assert.Equal(new DaemonOptions { Root = "/srv/bock", RunRoot = "/tmp/r", SocketPath = "/tmp/r/s.sock", BockOciPath = "/opt/bock-oci", Help = true }, options);
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--root")]
    public void Unknown_options_and_missing_values_are_refused(string arg) =>
        Assert.Throws<FormatException>(() => DaemonOptions.Parse([arg]));

    [Fact]
    public void A_run_root_too_long_for_the_shim_sockets_is_refused_up_front()
    {
        DaemonOptions.Parse(["--run-root", "/run/bock"]).Validate();
        var longest = "/" + new string('r', DaemonOptions.MaxRunRootLength - 1);
        DaemonOptions.Parse(["--run-root", longest]).Validate();
        var error = Assert.Throws<FormatException>(() => DaemonOptions.Parse(["--run-root", longest + "x"]).Validate());
        Assert.Contains("attach.sock", error.Message);
        // The limit is the kernel's: the longest allowed root gives a socket path of exactly 107 bytes.
        Assert.Equal(107, (longest + "/shims/" + new string('a', 64) + "/attach.sock").Length);
    }
}
