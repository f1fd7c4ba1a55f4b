using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Tests.Containers;

/// <summary>A restarted daemon's actors adopt the containers the runtime still has (live restore).</summary>
public sealed class AdoptionTests(ITestOutputHelper output) : ActorTest(output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    /// <summary>A container the runtime runs, made without actors, as a previous daemon would have left it.</summary>
    private void LeftRunning(string id)
    {
        Runtime.Create(id, $"/bundles/{id}");
        Runtime.Start(id);
    }

    [Fact]
    public async Task A_running_container_is_adopted_without_create_or_start_and_its_later_exit_is_seen()
    {
        LeftRunning("web");
        var containers = Supervisor();
        var events = EventProbe();

        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("web", "no"), WasRunning: true));
        var state = await SettledStateAsync(containers, "web", ContainerStatus.Running);
        Assert.True(state.Pid > 0);
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(1, Runtime.CallsFor("web").Count(c => c.Operation == RuntimeOperation.Start)); // the previous daemon's only

        Runtime.Exit("web", 5);
        await ExpectActionsAsync(events, "die");
        Assert.Equal(5, (await SettledStateAsync(containers, "web", ContainerStatus.Exited)).ExitCode);
        Assert.Equal(1, Runtime.CallsFor("web").Count(c => c.Operation == RuntimeOperation.Create));
    }

    [Fact]
    public async Task A_container_that_died_meanwhile_is_reported_and_left_exited_under_no()
    {
        LeftRunning("gone");
        Runtime.Exit("gone", 4);
        var containers = Supervisor();
        var events = EventProbe();

        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("gone", "no"), WasRunning: true));
        var died = await events.ExpectMsgAsync<ContainerEvent>(TimeSpan.FromSeconds(5));
        Assert.Equal(("die", 4), (died.Action, died.ExitCode));
        await events.ExpectNoMsgAsync(Quiet);
        Assert.Equal(4, (await SettledStateAsync(containers, "gone", ContainerStatus.Exited)).ExitCode);
    }

    [Fact]
    public async Task On_failure_restarts_a_container_that_failed_meanwhile_but_not_one_that_exited_0()
    {
        LeftRunning("failed");
        Runtime.Exit("failed", 3);
        LeftRunning("done");
        Runtime.Exit("done", 0);
        var containers = Supervisor();
        var events = EventProbe();

        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("failed", "on-failure:1"), WasRunning: true));
        await ExpectActionsAsync(events, "die", "restart", "start");
        await SettledStateAsync(containers, "failed", ContainerStatus.Running);

        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("done", "on-failure:1"), WasRunning: true));
        await ExpectActionsAsync(events, "die");
        await events.ExpectNoMsgAsync(Quiet);
        await SettledStateAsync(containers, "done", ContainerStatus.Exited);
    }

    [Fact]
    public async Task On_failure_counts_the_restarts_an_earlier_daemon_spent()
    {
        LeftRunning("spent");
        Runtime.Exit("spent", 3);
        LeftRunning("one-left");
        Runtime.Exit("one-left", 3);
        var containers = Supervisor();
        var events = EventProbe();

        // on-failure:2 with both restarts spent before the daemon went away: it stays exited.
        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("spent", "on-failure:2"), WasRunning: true) { RestartsUsed = 2 });
        await ExpectActionsAsync(events, "die");
        await events.ExpectNoMsgAsync(Quiet);
        await SettledStateAsync(containers, "spent", ContainerStatus.Exited);

        // One spent of two: restarted once more, and a further failure is final.
        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("one-left", "on-failure:2"), WasRunning: true) { RestartsUsed = 1 });
        await ExpectActionsAsync(events, "die", "restart", "start");
        await SettledStateAsync(containers, "one-left", ContainerStatus.Running);
        Runtime.Exit("one-left", 3);
        await ExpectActionsAsync(events, "die");
        await events.ExpectNoMsgAsync(Quiet);
        await SettledStateAsync(containers, "one-left", ContainerStatus.Exited);
    }

    [Fact]
    public async Task A_daemon_start_restarts_always_even_after_a_manual_stop_but_not_unless_stopped()
    {
        LeftRunning("always");
        Runtime.Exit("always", 137);
        LeftRunning("unless");
        Runtime.Exit("unless", 137);
        var containers = Supervisor();
        var events = EventProbe();

        // Both were stopped by hand before the daemon went away (their last state: exited).
        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("always", "always"), WasRunning: false));
        await ExpectActionsAsync(events, "restart", "start");
        await SettledStateAsync(containers, "always", ContainerStatus.Running);

        await AskAsync<ContainerAdopted>(containers, new AdoptContainer(Spec("unless", "unless-stopped"), WasRunning: false));
        await events.ExpectNoMsgAsync(Quiet);
        await SettledStateAsync(containers, "unless", ContainerStatus.Exited);
        // Held back only until a manual start, as after a manual stop.
        await AskAsync<ContainerStarted>(containers, new StartContainer("unless"));
    }
}
