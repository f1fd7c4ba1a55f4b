using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Tests.Containers;

public sealed class ContainerActorTests(ITestOutputHelper output) : ActorTest(output)
{
    [Fact]
    public async Task Walks_the_lifecycle_and_publishes_docker_events()
    {
        var containers = Supervisor();
        var events = EventProbe();

        await AskAsync<ContainerCreated>(containers, new CreateContainer(Spec("web", "no")));
        Assert.Equal(ContainerStatus.Created, (await StateAsync(containers, "web")).Status);
        await AskAsync<ContainerStarted>(containers, new StartContainer("web"));
        var running = await StateAsync(containers, "web");
        Assert.Equal((ContainerStatus.Running, 1001), (running.Status, running.Pid));
        await AskAsync<ContainerPaused>(containers, new PauseContainer("web"));
        Assert.Equal(ContainerStatus.Paused, (await StateAsync(containers, "web")).Status);
        await AskAsync<ContainerUnpaused>(containers, new UnpauseContainer("web"));
        Assert.Equal(new ContainerStopped("web", 143), await AskAsync<ContainerStopped>(containers, new StopContainer("web")));
        var exited = await StateAsync(containers, "web");
        Assert.Equal((ContainerStatus.Exited, 143, 0), (exited.Status, exited.ExitCode, exited.Pid));
        await AskAsync<ContainerRemoved>(containers, new RemoveContainer("web"));
        await AskAsync<ContainerNotFound>(containers, new GetContainerState("web"));

        await ExpectActionsAsync(events, "create", "start", "pause", "unpause", "die", "stop", "destroy");
        Assert.Equal(RuntimeStatus.Absent, Runtime.StatusOf("web"));
        Assert.Equal(
            [RuntimeOperation.State, RuntimeOperation.Create, RuntimeOperation.Start, RuntimeOperation.State, RuntimeOperation.WaitForExit,
             RuntimeOperation.Pause, RuntimeOperation.Resume, RuntimeOperation.Kill, RuntimeOperation.Delete],
            Runtime.CallsFor("web").Select(c => c.Operation));
        Assert.Equal(new RuntimeCall.Kill("web", 15), Runtime.CallsFor("web").OfType<RuntimeCall.Kill>().Single() with { At = default, ThreadId = default });
    }

    [Fact]
    public async Task Rejects_commands_the_status_does_not_allow()
    {
        var containers = Supervisor();
        await AskAsync<ContainerCreated>(containers, new CreateContainer(Spec("db", "no")));

        var rejected = await AskAsync<CommandRejected>(containers, new PauseContainer("db"));
        Assert.Equal((ContainerStatus.Created, "container db is created"), (rejected.Status, rejected.Reason));
        await AskAsync<CommandRejected>(containers, new StopContainer("db"));

        await AskAsync<ContainerStarted>(containers, new StartContainer("db"));
        Assert.Equal(ContainerStatus.Running, (await AskAsync<CommandRejected>(containers, new StartContainer("db"))).Status);
        await AskAsync<CommandRejected>(containers, new RemoveContainer("db"));
        await AskAsync<CommandRejected>(containers, new UnpauseContainer("db"));

        await AskAsync<ContainerPaused>(containers, new PauseContainer("db"));
        Assert.Equal(ContainerStatus.Paused, (await AskAsync<CommandRejected>(containers, new PauseContainer("db"))).Status);

        Assert.Equal(new ContainerKilled("db", 9), await AskAsync<ContainerKilled>(containers, new KillContainer("db")));
        await SettledStateAsync(containers, "db", ContainerStatus.Exited); // as with docker kill, the death follows the reply
        Assert.Equal(ContainerStatus.Exited, (await AskAsync<CommandRejected>(containers, new PauseContainer("db"))).Status);

        await AskAsync<CommandFailed>(containers, new CreateContainer(Spec("db", "no")));
        await AskAsync<CommandFailed>(containers, new CreateContainer(Spec("../etc", "no")));
        await AskAsync<ContainerNotFound>(containers, new StartContainer("ghost"));
    }

    [Fact]
    public async Task A_runtime_failure_is_reported_and_leaves_the_status_alone()
    {
        var containers = Supervisor();
        await AskAsync<ContainerCreated>(containers, new CreateContainer(Spec("app", "always")));

        Runtime.FailNext(RuntimeOperation.Start, "app", "exec: /bin/app: no such file");
        var failed = await AskAsync<CommandFailed>(containers, new StartContainer("app"));
        Assert.Equal("exec: /bin/app: no such file", failed.Reason);
        Assert.Equal(ContainerStatus.Created, (await StateAsync(containers, "app")).Status);

        await AskAsync<ContainerStarted>(containers, new StartContainer("app"));
    }

    [Fact]
    public async Task A_failed_create_is_reported_and_forgotten()
    {
        var containers = Supervisor();
        Runtime.FailNext(RuntimeOperation.Create, "bad", "bundle /bundles/bad: no config.json");

        var failed = await AskAsync<CommandFailed>(containers, new CreateContainer(Spec("bad", "always")));
        Assert.Equal("bundle /bundles/bad: no config.json", failed.Reason);
        await AwaitAssertAsync(async () => await AskAsync<ContainerNotFound>(containers, new GetContainerState("bad"), TimeSpan.FromMilliseconds(300)));
        await AskAsync<ContainerCreated>(containers, new CreateContainer(Spec("bad", "always")));
    }

    [Fact]
    public async Task Under_no_a_remove_sent_as_the_process_dies_is_answered_not_lost()
    {
        var containers = Supervisor();
        for (var i = 0; i < 20; i++)
        {
            var id = $"quick-{i}";
            await CreateAndStartAsync(containers, Spec(id, "no"));
            Runtime.Exit(id, 0);
            containers.Tell(new RemoveContainer(id), TestActor);
            // Removed, or rejected while the actor still thinks it runs: either way an answer, never silence.
            var reply = await ExpectMsgAsync<object>(TimeSpan.FromSeconds(5));
            if (reply is CommandRejected)
                await AwaitAssertAsync(async () => await AskAsync<ContainerRemoved>(containers, new RemoveContainer(id), TimeSpan.FromMilliseconds(500)));
            else
                Assert.IsType<ContainerRemoved>(reply);
        }
    }

    [Fact]
    public async Task Wait_answers_when_the_process_dies_with_its_exit_and_oom()
    {
        var containers = Supervisor();
        var events = EventProbe();
        await CreateAndStartAsync(containers, Spec("batch", "no"));
        containers.Tell(new WaitContainer("batch"), TestActor);
        await StateAsync(containers, "batch"); // the wait is registered: it went the same way first

        Runtime.Exit("batch", 137, oomKilled: true);

        Assert.Equal(new ContainerDied("batch", 137, true), await ExpectMsgAsync<ContainerDied>(TimeSpan.FromSeconds(5)));
        await ExpectActionsAsync(events, "create", "start", "die", "oom");
        var state = await SettledStateAsync(containers, "batch", ContainerStatus.Exited);
        Assert.Equal((137, true), (state.ExitCode, state.OomKilled));
        Assert.Equal(new ContainerDied("batch", 137, true), await AskAsync<ContainerDied>(containers, new WaitContainer("batch")));
    }
}
