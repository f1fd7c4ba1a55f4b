using Bock.Cli.CommandLine;
using Bock.Cli.Stacks.Commands;

namespace Bock.Cli.Tests.Stacks;

public sealed class ExecArgumentsTests
{
    private static IReadOnlyList<string> Exec(bool terminal, params string[] args) =>
        ExecStackCommand.ToExecArguments(StackArgs.Parse("/w", ["exec", .. args]).Flags, "shop", terminal);

    [Fact]
    public void Exec_targets_the_first_replica_of_the_service_with_stdin_and_a_terminal_when_there_is_one()
    {
        Assert.Equal(["-i", "-t", "shop-web-1", "ls", "-l"], Exec(true, "web", "ls", "-l"));
        Assert.Equal(["-i", "shop-web-1", "ls"], Exec(false, "web", "ls"));
    }

    [Fact]
    public void Exec_passes_its_flags_to_bocks_exec_and_picks_the_replica_by_index()
    {
        Assert.Equal(["-i", "-e", "A=1", "-u", "root", "-w", "/tmp", "--privileged", "shop-web-3", "id"],
            Exec(true, "-T", "-e", "A=1", "-u", "root", "-w", "/tmp", "--privileged", "--index", "3", "web", "id"));
        Assert.Equal(["-d", "shop-worker-1", "sleep", "9"], Exec(true, "-d", "worker", "sleep", "9"));
        Assert.Equal(["shop-web-1", "true"], Exec(false, "--interactive=false", "web", "true"));
    }

    [Fact]
    public void Exec_needs_a_service_and_a_command()
    {
        Assert.Throws<UsageException>(() => Exec(false, "web"));
        Assert.Throws<UsageException>(() => Exec(false, "--index", "0", "web", "ls"));
    }
}
