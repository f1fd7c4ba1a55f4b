using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>Restart policies and health checks, as a user sees them through the CLI.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class SupervisionTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task On_failure_2_restarts_a_failing_container_exactly_twice()
    {
        var name = Names.Unique("flaky");
        var run = await Daemon.BockAsync("run", "-d", "--name", name, "--restart", "on-failure:2", BockDaemon.Image, "sh", "-c", "exit 1");
        Assert.True(run.ExitCode == 0, run.ToString());
        await Eventually.TrueAsync(async () => await InspectAsync(name, "{{.RestartCount}} {{.State.Status}}") == "2 exited",
            TimeSpan.FromSeconds(30), "two restarts, then exited");
        await Task.Delay(1500); // the policy has given up: no third restart comes
        Assert.Equal("2 exited", await InspectAsync(name, "{{.RestartCount}} {{.State.Status}}"));
        Assert.Equal("1", await InspectAsync(name, "{{.State.ExitCode}}"));
        await Daemon.BockAsync("rm", name);
    }

    [Fact]
    public async Task Always_brings_a_killed_process_back_within_two_seconds()
    {
        var name = Names.Unique("always");
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--name", name, "--restart", "always", BockDaemon.Image, "sleep", "1000")).ExitCode);
        var pid = int.Parse(await InspectAsync(name, "{{.State.Pid}}"));
        Assert.True(pid > 0);
        var killedAt = DateTime.UtcNow;
        Assert.Equal(0, (await Shell.RunAsync("/bin/kill", ["-9", pid.ToString()])).ExitCode);
        await Eventually.TrueAsync(async () =>
        {
            var state = await InspectAsync(name, "{{.State.Status}} {{.State.Pid}}");
            return state.StartsWith("running ") && state != $"running {pid}" && !state.EndsWith(" 0");
        }, TimeSpan.FromSeconds(2), "running again with a new pid");
        Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(2.5));
        Assert.Equal(0, (await Daemon.BockAsync("rm", "-f", name)).ExitCode);
    }

    [Fact]
    public async Task Health_goes_starting_healthy_unhealthy_as_the_check_says()
    {
        var name = Names.Unique("health");
        var run = await Daemon.BockAsync("run", "-d", "--name", name, "--health-cmd", "test -f /tmp/ok", "--health-interval", "200ms",
            "--health-retries", "2", "--health-timeout", "2s", "--health-start-period", "3s", BockDaemon.Image, "sh", "-c", "sleep 1; touch /tmp/ok; sleep 3; rm /tmp/ok; sleep 1000");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("starting", await InspectAsync(name, "{{.State.Health.Status}}")); // failures in the start period do not count
        await Eventually.TrueAsync(async () => await InspectAsync(name, "{{.State.Health.Status}}") == "healthy", TimeSpan.FromSeconds(5), "healthy");
        Assert.Contains("(healthy)", (await Daemon.BockAsync("ps", "--filter", $"name={name}", "--format", "{{.Status}}")).Stdout);
        await Eventually.TrueAsync(async () => await InspectAsync(name, "{{.State.Health.Status}}") == "unhealthy", TimeSpan.FromSeconds(8), "unhealthy");
        Assert.Equal(0, (await Daemon.BockAsync("rm", "-f", name)).ExitCode);
    }

    private async Task<string> InspectAsync(string name, string format) =>
        (await Daemon.BockAsync("inspect", "-f", format, name)).Stdout.Trim();
}
