using Akka.Actor;
using Akka.TestKit;
using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Xunit.Abstractions;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Tests.Support;

/// <summary>
/// An actor system per test with Bock's configuration (the pinned kernel dispatcher), a recording runtime behind a
/// kernel pool, and helpers that wait asynchronously: synchronous expectations starve the pool on two cores.
/// </summary>
public abstract class ActorTest(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(BockActorsConfig.Default, output: output)
{
    /// <summary>Short, jitter-free delays so that restart timing can be asserted.</summary>
    protected static readonly ContainerSettings FastSettings = ContainerSettings.Default with
    {
        MinBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(2),
        RandomFactor = 0,
        KernelTimeout = TimeSpan.FromSeconds(10),
        StopTimeout = TimeSpan.FromSeconds(2),
    };

    protected RecordingContainerRuntime Runtime { get; } = new();

    private IActorRef? _kernel;

    protected IActorRef Kernel => _kernel ??= KernelPool.Create(Sys, Runtime, size: 4);

    protected IActorRef Supervisor(ContainerSettings? settings = null) =>
        Sys.ActorOf(ContainerSupervisor.Props(Kernel, settings ?? FastSettings), "containers");

    /// <summary>A probe that hears every <see cref="ContainerEvent"/>.</summary>
    protected TestProbe EventProbe()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(ContainerEvent));
        return probe;
    }

    protected static ContainerSpec Spec(string id, string policy) => new(id, $"/bundles/{id}", RestartPolicy.Parse(policy));

    protected async Task<T> AskAsync<T>(IActorRef target, object message, TimeSpan? timeout = null)
    {
        target.Tell(message, TestActor);
        return await ExpectMsgAsync<T>(timeout ?? TimeSpan.FromSeconds(5));
    }

    protected async Task CreateAndStartAsync(IActorRef supervisor, ContainerSpec spec)
    {
        await AskAsync<ContainerCreated>(supervisor, new CreateContainer(spec));
        await AskAsync<ContainerStarted>(supervisor, new StartContainer(spec.Id));
    }

    protected static async Task ExpectActionsAsync(TestProbe events, params string[] actions)
    {
        foreach (var action in actions)
        {
            var received = await events.ExpectMsgAsync<ContainerEvent>(TimeSpan.FromSeconds(5));
            Assert.Equal(action, received.Action);
        }
    }

    protected Task<ContainerStateSnapshot> StateAsync(IActorRef supervisor, string id) =>
        AskAsync<ContainerStateSnapshot>(supervisor, new GetContainerState(id));

    /// <summary>
    /// The state once the policy has settled: after a process dies, its actor may be replaced (a restart, or an
    /// adoption when the policy gives up), and a query sent to the actor on its way out gets no answer.
    /// </summary>
    protected async Task<ContainerStateSnapshot> SettledStateAsync(IActorRef supervisor, string id, ContainerStatus expected)
    {
        ContainerStateSnapshot? state = null;
        await AwaitAssertAsync(async () =>
        {
            state = await AskAsync<ContainerStateSnapshot>(supervisor, new GetContainerState(id), TimeSpan.FromMilliseconds(300));
            Assert.Equal(expected, state.Status);
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        return state!;
    }
}
