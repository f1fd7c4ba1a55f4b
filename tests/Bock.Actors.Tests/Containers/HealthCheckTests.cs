using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Tests.Containers;

public sealed class HealthCheckTests(ITestOutputHelper output) : ActorTest(output)
{
    private static ContainerSpec Checked(string id, int retries = 2, TimeSpan? startPeriod = null) => Spec(id, "no") with
    {
        HealthCheck = new HealthCheck(["CMD-SHELL", "wget -q localhost"])
        {
            Interval = TimeSpan.FromMilliseconds(50),
            Timeout = TimeSpan.FromSeconds(1),
            Retries = retries,
            StartPeriod = startPeriod ?? TimeSpan.Zero,
        },
    };

    [Fact]
    public async Task Status_goes_unhealthy_after_retries_failures_then_healthy_then_unhealthy_again()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExecs("web",
            new ExecResult(1, "refused"), new ExecResult(1, "refused"), // two in a row: unhealthy
            new ExecResult(0, "ok"),                                     // healthy at once
            new ExecResult(1, "refused"), new ExecResult(1, "refused")); // unhealthy again; then the default (0) heals it
        await CreateAndStartAsync(containers, Checked("web"));
        await ExpectActionsAsync(events, "create", "start", "health_status: unhealthy", "health_status: healthy",
            "health_status: unhealthy", "health_status: healthy");

        var execs = Runtime.CallsFor("web").OfType<RuntimeCall.Exec>().ToList();
        Assert.True(execs.Count >= 6);
        Assert.Equal(["/bin/sh", "-c", "wget -q localhost"], execs[0].Request.Args);
        var health = (await StateAsync(containers, "web")).Health!;
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(0, health.FailingStreak);
        Assert.InRange(health.Log.Count, 1, 5);
    }

    [Fact]
    public async Task Failures_in_the_start_period_do_not_count()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExecs("slow", Enumerable.Repeat(new ExecResult(1, "not yet"), 4).ToArray());
        await CreateAndStartAsync(containers, Checked("slow", retries: 1, startPeriod: TimeSpan.FromSeconds(30)));
        await ExpectActionsAsync(events, "create", "start", "health_status: healthy");
        Assert.True(Runtime.CallsFor("slow").OfType<RuntimeCall.Exec>().Count() >= 5);
    }

    [Fact]
    public async Task A_probe_that_times_out_is_a_failure_with_dockers_message()
    {
        var containers = Supervisor();
        Runtime.ScriptExecs("hung", Enumerable.Repeat(new ExecResult(-1, "", TimedOut: true), 50).ToArray());
        await CreateAndStartAsync(containers, Checked("hung", retries: 1));
        await AwaitAssertAsync(async () =>
        {
            var health = (await StateAsync(containers, "hung")).Health!;
            Assert.Equal(HealthStatus.Unhealthy, health.Status);
            Assert.StartsWith("Health check exceeded timeout", health.Log[^1].Output);
            Assert.Equal(-1, health.Log[^1].ExitCode);
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Probes_stop_when_the_container_exits_and_while_it_is_paused()
    {
        var containers = Supervisor();
        await CreateAndStartAsync(containers, Checked("web"));
        await AwaitAssertAsync(() => Assert.NotEmpty(Runtime.CallsFor("web").OfType<RuntimeCall.Exec>()), TimeSpan.FromSeconds(5));
        await AskAsync<ContainerPaused>(containers, new PauseContainer("web"));
        var whilePaused = Runtime.CallsFor("web").OfType<RuntimeCall.Exec>().Count();
        await Task.Delay(300);
        Assert.InRange(Runtime.CallsFor("web").OfType<RuntimeCall.Exec>().Count() - whilePaused, 0, 1); // one may have been in flight
        await AskAsync<ContainerUnpaused>(containers, new UnpauseContainer("web"));
        await AskAsync<ContainerStopped>(containers, new StopContainer("web"));
        var afterStop = Runtime.CallsFor("web").OfType<RuntimeCall.Exec>().Count();
        await Task.Delay(300);
        Assert.InRange(Runtime.CallsFor("web").OfType<RuntimeCall.Exec>().Count() - afterStop, 0, 1);
    }

    [Fact]
    public void The_test_forms_are_dockers()
    {
        Assert.Equal(["curl", "-f", "localhost"], new HealthCheck(["CMD", "curl", "-f", "localhost"]).Command);
        Assert.Equal(["/bin/sh", "-c", "exit 0"], new HealthCheck(["CMD-SHELL", "exit 0"]).Command);
        Assert.Null(new HealthCheck(["NONE"]).Command);
        Assert.Null(new HealthCheck([]).Command);
    }
}
