using Akka.Actor;
using Bock.Actors.Kernel;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Kernel.KernelProtocol;

namespace Bock.Actors.Tests.Kernel;

public sealed class KernelPoolTests(ITestOutputHelper output) : ActorTest(output)
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, 16).Select(i => $"c{i}")];

    [Fact]
    public async Task Work_for_one_container_runs_in_order_on_one_thread_and_containers_spread_over_threads()
    {
        foreach (var id in Ids)
        {
            Kernel.Tell(new CreateContainer(id, "/b/" + id), TestActor);
            Kernel.Tell(new StartContainer(id), TestActor);
            Kernel.Tell(new PauseContainer(id), TestActor);
            Kernel.Tell(new ResumeContainer(id), TestActor);
            Kernel.Tell(new KillContainer(id, 9), TestActor);
            Kernel.Tell(new DeleteContainer(id, Force: false), TestActor);
        }
        for (var i = 0; i < Ids.Length * 6; i++)
            await ExpectMsgAsync<OperationCompleted>(TimeSpan.FromSeconds(5));

        foreach (var id in Ids)
        {
            var calls = Runtime.CallsFor(id);
            Assert.Equal(
                [RuntimeOperation.Create, RuntimeOperation.Start, RuntimeOperation.Pause, RuntimeOperation.Resume, RuntimeOperation.Kill, RuntimeOperation.Delete],
                calls.Select(c => c.Operation));
            Assert.Single(calls.Select(c => c.ThreadId).Distinct());
            Assert.Equal(new RuntimeCall.Kill(id, 9), calls[4] with { At = default, ThreadId = default });
        }
        Assert.True(Runtime.Calls.Select(c => c.ThreadId).Distinct().Count() > 1, "16 containers all went to one kernel actor");
    }

    [Fact]
    public async Task Each_kernel_actor_has_a_dedicated_thread_that_it_keeps()
    {
        var threads = new Dictionary<string, KernelThread>();
        for (var round = 0; round < 3; round++)
            foreach (var id in Ids)
            {
                var thread = await AskAsync<KernelThread>(Kernel, new GetKernelThread(id));
                if (threads.TryGetValue(id, out var earlier))
                    Assert.Equal(earlier, thread);
                threads[id] = thread;
            }

        var distinct = threads.Values.Distinct().ToList();
        Assert.InRange(distinct.Count, 2, 4);
        Assert.Equal(distinct.Count, distinct.Select(t => t.ManagedThreadId).Distinct().Count());
        Assert.All(distinct, t => Assert.Contains("kernel-dispatcher", t.Name));
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, distinct.Select(t => t.ManagedThreadId));
    }

    [Fact]
    public async Task A_failed_operation_is_a_typed_reply_and_the_pool_goes_on()
    {
        Runtime.FailNext(RuntimeOperation.Start, "a", "no such bundle");
        await AskAsync<OperationCompleted>(Kernel, new CreateContainer("a", "/b/a"));

        var failed = await AskAsync<OperationFailed>(Kernel, new StartContainer("a"));
        Assert.Equal(new StartContainer("a"), failed.Command);
        Assert.Equal("no such bundle", failed.Reason);

        var rejected = await AskAsync<OperationFailed>(Kernel, new DeleteContainer("missing", Force: false));
        Assert.Contains("does not exist", rejected.Reason);

        await AskAsync<OperationCompleted>(Kernel, new StartContainer("a"));
        Assert.Equal(new RuntimeState("a", RuntimeStatus.Running, 1001), await AskAsync<RuntimeState>(Kernel, new GetRuntimeState("a")));
    }

    [Fact]
    public async Task A_process_exit_arrives_as_a_message_without_holding_the_kernel_thread()
    {
        await AskAsync<OperationCompleted>(Kernel, new CreateContainer("w", "/b/w"));
        await AskAsync<OperationCompleted>(Kernel, new StartContainer("w"));
        Kernel.Tell(new WaitForExit("w"), TestActor);

        // The same kernel actor still answers while the wait is pending.
        Assert.Equal(RuntimeStatus.Running, (await AskAsync<RuntimeState>(Kernel, new GetRuntimeState("w"))).Status);

        Runtime.Exit("w", 3, oomKilled: true);
        Assert.Equal(new ContainerExited("w", new ContainerExit(3, OomKilled: true)), await ExpectMsgAsync<ContainerExited>());
        Assert.Equal(RuntimeStatus.Absent, (await AskAsync<RuntimeState>(Kernel, new GetRuntimeState("nope"))).Status);
    }
}
