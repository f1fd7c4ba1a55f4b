using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Interop;

/// <summary>`run` and `exec` with a terminal and no console socket copy the pty to their own stdout, as runc does.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class TerminalProxyTests
{
    [Fact]
    public async Task Run_and_exec_with_a_terminal_proxy_what_the_process_prints()
    {
        await using var bundle = new TestBundle(["sh", "-c", "tty; echo run-$((6*7))"], spec => spec with { Process = spec.Process! with { Terminal = true } });
        var run = await bundle.RunAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("/dev/pts/0\r\n", run.Stdout); // the process really had a pty (a pipe would print "not a tty")
        Assert.Contains("run-42\r\n", run.Stdout);

        bundle.Spec = bundle.Spec with { Process = bundle.Spec.Process! with { Terminal = false, Args = ["sleep", "30"] } };
        bundle.Write();
        var started = await bundle.OciAsync("run", "--detach", "--bundle", bundle.Directory, bundle.Id);
        Assert.True(started.ExitCode == 0, started.ToString());
        var exec = await bundle.OciAsync("exec", "-t", bundle.Id, "sh", "-c", "tty; echo exec-$((6*7)); exit 5");
        Assert.True(exec.ExitCode == 5, exec.ToString());
        Assert.Matches(@"/dev/pts/\d+\r\n", exec.Stdout);
        Assert.Contains("exec-42\r\n", exec.Stdout);
    }
}
