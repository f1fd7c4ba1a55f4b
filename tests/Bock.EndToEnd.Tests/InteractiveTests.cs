using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// <c>bock run -it</c> on a real terminal: util-linux's <c>script</c> gives bock a pty of its own (40x120), keys are
/// typed into it after the prompt appears, and what the terminal showed comes back with the exit code.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class InteractiveTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [Fact]
    public async Task Run_it_gives_an_interactive_shell_with_the_terminals_size_and_its_exit_code()
    {
        var bock = $"{BockDaemon.Cli} -H {fixture.Daemon.Host} run -it --rm {BockDaemon.Image} sh";
        // Keys a user would type, with the pauses a user would make; CR is what a terminal's Enter sends.
        var keys = """(sleep 2; printf 'echo $((6*7)); tty; stty size\r'; sleep 1; printf 'exit 3\r'; sleep 2)""";
        var session = await Shell.ShAsync($"{keys} | script -qfec 'stty rows 40 cols 120; {bock}' /dev/null", TimeSpan.FromSeconds(60));

        Assert.True(session.ExitCode == 3, session.ToString());
        var screen = session.Stdout.Replace("\r", "");
        Assert.Contains("/ # ", screen);          // busybox's prompt: a shell that believes it has a terminal
        Assert.Contains("\n42\n", screen);        // what was typed ran
        Assert.Contains("\n/dev/pts/", screen);   // on a pty of its own inside the container
        Assert.Contains("\n40 120\n", screen);    // resized to the terminal bock runs in
    }
}
