using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Tests.Containers;

public sealed class RestartPolicySupervisionTests(ITestOutputHelper output) : ActorTest(output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(800);

    private int Starts(string id) => Runtime.CallsFor(id).Count(c => c.Operation == RuntimeOperation.Start);

    [Fact]
    public async Task On_failure_2_restarts_a_failing_container_exactly_twice()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("job", new ContainerExit(1), new ContainerExit(1), new ContainerExit(1));

        // Each exit is a failure that the policy decides on: three of them, two restarts, then it gives up.
        await EventFilter.Exception<ContainerExitedException>().ExpectAsync(3, async () =>
        {
            await CreateAndStartAsync(containers, Spec("job", "on-failure:2"));
            await ExpectActionsAsync(events, "create", "start", "die", "restart", "start", "die", "restart", "start", "die");
        });
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(3, Starts("job"));
        var state = await SettledStateAsync(containers, "job", ContainerStatus.Exited);
        Assert.Equal((ContainerStatus.Exited, 1), (state.Status, state.ExitCode));

        // A manual start re-arms the policy with a fresh count, as in Docker.
        Runtime.ScriptExits("job", new ContainerExit(1), new ContainerExit(0));
        await AskAsync<ContainerStarted>(containers, new StartContainer("job"));
        await ExpectActionsAsync(events, "start", "die", "restart", "start", "die");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(5, Starts("job"));
    }

    [Fact]
    public async Task On_failure_does_not_restart_after_exit_0()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("ok", new ContainerExit(0));

        await CreateAndStartAsync(containers, Spec("ok", "on-failure"));

        await ExpectActionsAsync(events, "create", "start", "die");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(1, Starts("ok"));
        await SettledStateAsync(containers, "ok", ContainerStatus.Exited);
        await AskAsync<ContainerRemoved>(containers, new RemoveContainer("ok"));
    }

    [Fact]
    public async Task Always_restarts_after_exit_0_and_after_a_kill_with_growing_delays()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("svc", new ContainerExit(0), new ContainerExit(137), new ContainerExit(0));

        await CreateAndStartAsync(containers, Spec("svc", "always"));

        await ExpectActionsAsync(events, "create", "start", "die", "restart", "start", "die", "restart", "start", "die", "restart", "start");
        var starts = Runtime.CallsFor("svc").Where(c => c.Operation == RuntimeOperation.Start).Select(c => c.At).ToList();
        Assert.Equal(4, starts.Count);
        var delays = starts.Zip(starts.Skip(1), (a, b) => b - a).ToList();
        Output!.WriteLine($"delays between starts: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:0} ms"))}");
        Assert.True(delays[0] >= TimeSpan.FromMilliseconds(90), $"first restart after {delays[0].TotalMilliseconds} ms");
        Assert.True(delays[1] > delays[0] * 1.5 && delays[2] > delays[1] * 1.5, "the backoff did not grow");

        // Killed from outside (not through the API): restarted as well.
        Runtime.Exit("svc", 137);
        await ExpectActionsAsync(events, "die", "restart", "start");
        Assert.Equal(ContainerStatus.Running, (await StateAsync(containers, "svc")).Status);
    }

    [Fact]
    public async Task On_failure_0_has_no_limit_as_in_docker()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("retry", new ContainerExit(1), new ContainerExit(1), new ContainerExit(1), new ContainerExit(0));

        await CreateAndStartAsync(containers, Spec("retry", "on-failure:0"));

        await ExpectActionsAsync(events, "create", "start", "die", "restart", "start", "die", "restart", "start", "die", "restart", "start", "die");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(4, Starts("retry"));
    }

    [Fact]
    public async Task A_restart_that_fails_half_way_is_tried_again()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("svc", new ContainerExit(1));
        await CreateAndStartAsync(containers, Spec("svc", "always"));
        Runtime.FailNext(RuntimeOperation.Start, "svc", "exec failed"); // the restart, 100 ms from now

        await EventFilter.Exception<ContainerRestartFailedException>().ExpectOneAsync(async () =>
            await ExpectActionsAsync(events, "create", "start", "die", "restart"));
        await ExpectActionsAsync(events, "restart", "start");
        Assert.Equal(RuntimeStatus.Running, Runtime.StatusOf("svc"));
        Assert.Equal(ContainerStatus.Running, (await StateAsync(containers, "svc")).Status);
    }

    [Fact]
    public async Task Commands_sent_while_a_policy_replaces_the_actor_are_answered_not_lost()
    {
        var containers = Supervisor();
        for (var i = 0; i < 20; i++)
        {
            var id = $"flaky-{i}";
            await CreateAndStartAsync(containers, Spec(id, "always"));
            Runtime.Exit(id, 1);
            containers.Tell(new GetContainerState(id), TestActor);
            // The old incarnation, the backoff ("restarting") or the new one answers: never silence.
            await ExpectMsgAsync<object>(TimeSpan.FromSeconds(5));
            containers.Tell(new KillContainer(id), TestActor); // a manual kill ends the restarts for the next round
            await ExpectMsgAsync<object>(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task No_never_restarts()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("once", new ContainerExit(1));

        await CreateAndStartAsync(containers, Spec("once", "no"));

        await ExpectActionsAsync(events, "create", "start", "die");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(1, Starts("once"));
        await SettledStateAsync(containers, "once", ContainerStatus.Exited);
    }

    [Theory]
    [InlineData("always")]
    [InlineData("unless-stopped")]
    [InlineData("on-failure")]
    public async Task A_manual_stop_is_never_undone(string policy)
    {
        var containers = Supervisor();
        var events = EventProbe();
        await CreateAndStartAsync(containers, Spec("web", policy));

        Assert.Equal(143, (await AskAsync<ContainerStopped>(containers, new StopContainer("web"))).ExitCode);

        await ExpectActionsAsync(events, "create", "start", "die", "stop");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(1, Starts("web"));
        Assert.Equal(ContainerStatus.Exited, (await StateAsync(containers, "web")).Status);
    }

    [Fact]
    public async Task A_manual_kill_is_never_undone()
    {
        var containers = Supervisor();
        var events = EventProbe();
        await CreateAndStartAsync(containers, Spec("web", "always"));

        await AskAsync<ContainerKilled>(containers, new KillContainer("web", 9));

        await ExpectActionsAsync(events, "create", "start", "kill", "die", "stop");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(1, Starts("web"));
    }

    [Fact]
    public async Task A_stop_during_the_backoff_cancels_the_pending_restart()
    {
        var containers = Supervisor(FastSettings with { MinBackoff = TimeSpan.FromMilliseconds(600) });
        var events = EventProbe();
        Runtime.ScriptExits("flaky", new ContainerExit(1));
        await CreateAndStartAsync(containers, Spec("flaky", "always"));
        await ExpectActionsAsync(events, "create", "start", "die");
        await Task.Delay(200); // well inside the 600 ms backoff, once the failed actor is gone

        containers.Tell(new StopContainer("flaky"), TestActor);
        await ExpectMsgAsync<ContainerRestarting>();

        await events.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(1200));
        Assert.Equal(1, Starts("flaky"));
        Assert.Equal(ContainerStatus.Exited, (await StateAsync(containers, "flaky")).Status);
    }

    [Fact]
    public void The_decider_is_the_policy()
    {
        var failure = new ContainerExitedException("x", new ContainerExit(1));
        var success = new ContainerExitedException("x", new ContainerExit(0));
        Akka.Actor.Directive Decide(RestartPolicy policy, Exception e) => ContainerSupervisor.Decide(policy, e, new RestartAttempts(policy), DateTimeOffset.UtcNow);
        Assert.Equal(Akka.Actor.Directive.Stop, Decide(RestartPolicy.No, failure));
        Assert.Equal(Akka.Actor.Directive.Restart, Decide(RestartPolicy.OnFailure(3), failure));
        Assert.Equal(Akka.Actor.Directive.Stop, Decide(RestartPolicy.OnFailure(3), success));
        Assert.Equal(Akka.Actor.Directive.Restart, Decide(RestartPolicy.Always, success));
        Assert.Equal(Akka.Actor.Directive.Restart, Decide(RestartPolicy.UnlessStopped, new ContainerRestartFailedException("x", "gone")));
    }

    [Fact]
    public void The_decider_gives_up_when_the_attempts_of_the_window_are_spent()
    {
        var policy = new RestartPolicy(RestartPolicyKind.Always, 2) with { Window = TimeSpan.FromSeconds(10) };
        var attempts = new RestartAttempts(policy);
        var success = new ContainerExitedException("x", new ContainerExit(0));
        var t0 = DateTimeOffset.UnixEpoch;
        Assert.Equal(Akka.Actor.Directive.Restart, ContainerSupervisor.Decide(policy, success, attempts, t0));
        Assert.Equal(Akka.Actor.Directive.Restart, ContainerSupervisor.Decide(policy, new ContainerRestartFailedException("x", "gone"), attempts, t0.AddSeconds(1)));
        Assert.Equal(Akka.Actor.Directive.Stop, ContainerSupervisor.Decide(policy, success, attempts, t0.AddSeconds(9)));
        Assert.Equal(Akka.Actor.Directive.Restart, ContainerSupervisor.Decide(policy, success, attempts, t0.AddSeconds(10)));
        // An exit the policy does not restart after takes no attempt.
        var onFailure = RestartPolicy.OnFailure(1);
        var its = new RestartAttempts(onFailure);
        Assert.Equal(Akka.Actor.Directive.Stop, ContainerSupervisor.Decide(onFailure, success, its, t0));
        Assert.Equal(Akka.Actor.Directive.Restart, ContainerSupervisor.Decide(onFailure, new ContainerExitedException("x", new ContainerExit(1)), its, t0));
    }

    [Fact]
    public async Task A_delay_replaces_the_exponential_backoff_with_a_fixed_wait()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("steady", new ContainerExit(1), new ContainerExit(1), new ContainerExit(1));
        var spec = new ContainerSpec("steady", "/bundles/steady", RestartPolicy.OnFailure() with { Delay = TimeSpan.FromMilliseconds(400) });

        await CreateAndStartAsync(containers, spec);

        await ExpectActionsAsync(events, "create", "start", "die", "restart", "start", "die", "restart", "start", "die", "restart", "start");
        var starts = Runtime.CallsFor("steady").Where(c => c.Operation == RuntimeOperation.Start).Select(c => c.At).ToList();
        var delays = starts.Zip(starts.Skip(1), (a, b) => b - a).ToList();
        Output!.WriteLine($"delays between starts: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:0} ms"))}");
        // The settings' backoff would wait 100, 200, 400 ms (and from 400, 800 and 1600): the delay is 400 each time.
        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, 390, 1000));
        Assert.True(delays[0] > TimeSpan.FromMilliseconds(390), "the first restart waited the delay, not the 100 ms minimum backoff");
    }

    [Fact]
    public async Task Always_with_a_bound_restarts_after_exit_0_that_many_times_then_stays_exited()
    {
        var containers = Supervisor();
        var events = EventProbe();
        Runtime.ScriptExits("batch", new ContainerExit(0), new ContainerExit(0), new ContainerExit(0));

        await CreateAndStartAsync(containers, Spec("batch", "always:2"));

        await ExpectActionsAsync(events, "create", "start", "die", "restart", "start", "die", "restart", "start", "die");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(3, Starts("batch"));
        var state = await SettledStateAsync(containers, "batch", ContainerStatus.Exited);
        Assert.Equal(0, state.ExitCode);
    }

    [Fact]
    public async Task Within_a_window_restarts_older_than_the_window_no_longer_count()
    {
        var containers = Supervisor();
        var events = EventProbe();
        // One attempt per 250 ms window, restarts 300 ms apart: each earlier attempt has left the window.
        Runtime.ScriptExits("windowed", new ContainerExit(1), new ContainerExit(1), new ContainerExit(1));
        var windowed = RestartPolicy.OnFailure(1) with { Delay = TimeSpan.FromMilliseconds(300), Window = TimeSpan.FromMilliseconds(250) };
        await CreateAndStartAsync(containers, new ContainerSpec("windowed", "/bundles/windowed", windowed));
        await ExpectActionsAsync(events, "create", "start", "die", "restart", "start", "die", "restart", "start", "die", "restart", "start");
        Assert.Equal(4, Starts("windowed"));

        // The same with a window wider than the delay: the one attempt is still in it at the second death.
        Runtime.ScriptExits("narrow", new ContainerExit(1), new ContainerExit(1), new ContainerExit(1));
        var narrow = windowed with { Window = TimeSpan.FromSeconds(5) };
        await CreateAndStartAsync(containers, new ContainerSpec("narrow", "/bundles/narrow", narrow));
        await ExpectActionsAsync(events, "create", "start", "die", "restart", "start", "die");
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(2, Starts("narrow"));
        await SettledStateAsync(containers, "narrow", ContainerStatus.Exited);
    }
}
