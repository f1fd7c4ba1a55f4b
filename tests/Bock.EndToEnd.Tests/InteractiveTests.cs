using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary><c>bock run -it</c> in a real terminal (tmux): a working shell, keys in, output out, exit code back.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class InteractiveTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [Fact]
    public async Task Run_it_gives_an_interactive_shell()
    {
        var session = Names.Unique("bock-it");
        var done = Path.Combine(fixture.Daemon.Directory, session + ".exit");
        var command = $"{BockDaemon.Cli} -H {fixture.Daemon.Host} run -it --rm {BockDaemon.Image} sh; echo $? > {done}";
        Assert.Equal(0, (await Shell.RunAsync("/usr/bin/tmux", ["new-session", "-d", "-s", session, "-x", "120", "-y", "40", command])).ExitCode);
        try
        {
            await Eventually.TrueAsync(async () => (await PaneAsync(session)).Contains("# "), TimeSpan.FromSeconds(20), "a shell prompt");
            await Shell.RunAsync("/usr/bin/tmux", ["send-keys", "-t", session, "echo $((6*7)); tty; stty size", "Enter"]);
            await Eventually.TrueAsync(async () =>
            {
                var pane = await PaneAsync(session);
                return pane.Contains("\n42") && pane.Contains("/dev/pts/") && pane.Contains("40 120");
            }, TimeSpan.FromSeconds(10), "the answer, a pty and the terminal's size");
            await Shell.RunAsync("/usr/bin/tmux", ["send-keys", "-t", session, "exit 3", "Enter"]);
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(done) && File.ReadAllText(done).Trim().Length > 0), TimeSpan.FromSeconds(10), "run to end");
            Assert.Equal("3", File.ReadAllText(done).Trim());
        }
        finally
        {
            await Shell.RunAsync("/usr/bin/tmux", ["kill-session", "-t", session]);
        }
    }

    private static async Task<string> PaneAsync(string session) =>
        (await Shell.RunAsync("/usr/bin/tmux", ["capture-pane", "-p", "-t", session])).Stdout;
}
