using Bock.Cli.Stacks;

namespace Bock.Cli.Tests.Stacks;

/// <summary>The command line's own answers, before any daemon is asked.</summary>
public sealed class BockroseCliTests
{
    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BockroseCli.RunAsync(args, stdout, stderr, "/w", StackArgs.NoEnvironment, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (code, output, _) = await Run("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "up", "down", "ps", "logs", "start", "stop", "restart", "kill", "rm", "pause", "unpause", "exec", "run", "build", "pull", "push", "config", "top", "events", "ls", "scale", "version" })
            Assert.Matches($@"\n  {command} +\S", output);
    }

    [Theory]
    [InlineData("up", "--scale scale")]
    [InlineData("down", "-v, --volumes")]
    [InlineData("logs", "-f, --follow")]
    [InlineData("exec", "--index int")]
    [InlineData("ps", "--services")]
    public async Task Each_command_has_its_help(string command, string flag)
    {
        var (code, output, _) = await Run(command, "--help");
        Assert.Equal(0, code);
        Assert.StartsWith($"Usage:  bockrose {command} [OPTIONS]", output);
        Assert.Contains(flag, output);
    }

    [Fact]
    public async Task An_unknown_command_or_flag_exits_125_with_a_pointer_to_help()
    {
        var (code, _, error) = await Run("launch");
        Assert.Equal(125, code);
        Assert.Contains("unknown command \"launch\"", error);
        (code, _, error) = await Run("up", "--detached");
        Assert.Equal(125, code);
        Assert.Contains("unknown flag: --detached", error);
        Assert.Contains("See 'bockrose up --help'.", error);
    }

    [Fact]
    public async Task Version_needs_no_daemon()
    {
        var (code, output, _) = await Run("version");
        Assert.Equal(0, code);
        Assert.StartsWith("Bockrose version v", output);
        Assert.Equal(output, (await Run("-v")).Out);
    }

    [Fact]
    public async Task A_daemon_that_is_not_there_is_said_so_with_exit_1()
    {
        var (code, _, error) = await Run("-H", "unix:///nonexistent/bock.sock", "-p", "p", "ps");
        Assert.Equal(1, code);
        Assert.Contains("Cannot connect to the Bock daemon", error);
    }
}
