using Akka.Actor;
using Bock.Api.Dtos;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Tests.Stacks;

/// <summary>Scale, replicas kept true, unhealthy replicas restarted, crash loops shown, restart: true dependants, reconcile.</summary>
public sealed class StackHealingTests : StackTestBase
{
    private const string Web = """
        services:
          web:
            image: busybox
            restart: always
            healthcheck:
              test: ["CMD", "true"]
          worker:
            image: busybox
            restart: always
            depends_on:
              web: { condition: service_started, restart: true }
        """;

    [Fact]
    public async Task Scale_adds_and_removes_replicas_numbered_as_compose_numbers_them()
    {
        var directory = Directory_();
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(Request(Web)), TimeSpan.FromSeconds(20)))).Error);
        Assert.Null((await DoneAsync(directory.Ask<object>(new Scale("p", new Dictionary<string, int> { ["web"] = 3 }, NoProgress), TimeSpan.FromSeconds(20)))).Error);
        Assert.Equal(["p-web-1", "p-web-2", "p-web-3"], Runtime.Containers.Where(c => c.Container.Service == "web").Select(c => c.Container.Name));
        Assert.Equal(3, (await StatusAsync(directory, "web")).Desired);

        Assert.Null((await DoneAsync(directory.Ask<object>(new Scale("p", new Dictionary<string, int> { ["web"] = 1 }, NoProgress), TimeSpan.FromSeconds(20)))).Error);
        Assert.Equal(["p-web-1"], Runtime.Containers.Where(c => c.Container.Service == "web").Select(c => c.Container.Name));
        var unknown = await DoneAsync(directory.Ask<object>(new Scale("p", new Dictionary<string, int> { ["nope"] = 2 }, NoProgress), TimeSpan.FromSeconds(5)));
        Assert.Contains("no such service", unknown.Error);
    }

    [Fact]
    public async Task A_replica_removed_behind_the_stacks_back_is_recreated()
    {
        var directory = Directory_();
        await DoneAsync(directory.Ask<object>(UpMessage(Request(Web), new Dictionary<string, int> { ["web"] = 2 }), TimeSpan.FromSeconds(20)));
        var before = Runtime.Named("p-web-2").Container.Id;
        Runtime.RemoveExternally("p-web-2");
        await EventuallyAsync(() => Runtime.Containers.Any(c => c.Container.Name == "p-web-2" && c.Container.Id != before && c.Container.State == "running"), "p-web-2 back");
    }

    [Fact]
    public async Task An_unhealthy_replica_is_restarted_and_its_restart_true_dependant_follows()
    {
        var directory = Directory_();
        await DoneAsync(directory.Ask<object>(UpMessage(Request(Web)), TimeSpan.FromSeconds(20)));
        Runtime.SetHealth("p-web-1", "unhealthy");
        await EventuallyAsync(() => Runtime.Calls.Contains("restart p-web-1"), "web restarted");
        // web came back (started): worker, which depends on it with restart: true, is restarted after it.
        await EventuallyAsync(() => Runtime.Calls.Contains("restart p-worker-1"), "worker restarted after web");
        var calls = Runtime.Calls.ToList();
        Assert.True(calls.IndexOf("restart p-web-1") < calls.IndexOf("restart p-worker-1"));
        await EventuallyAsync(() => StatusAsync(directory, "web").Result.Restarts >= 1, "web's restart counted");
    }

    [Fact]
    public async Task A_crash_loop_shows_its_backoff_in_the_status_and_on_the_event_stream()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events, typeof(Bock.Actors.Containers.ContainerEvent));
        var directory = Directory_();
        await DoneAsync(directory.Ask<object>(UpMessage(Request(Web)), TimeSpan.FromSeconds(20)));
        for (var i = 0; i < 3; i++)
        {
            Runtime.Exit("p-worker-1", 1, TimeSpan.FromMilliseconds(30));
            await EventuallyAsync(() => Runtime.Named("p-worker-1").Container.State == "running", "worker restarted by its policy");
        }
        Runtime.Exit("p-worker-1", 1, TimeSpan.FromSeconds(3));
        await EventuallyAsync(() => StatusAsync(directory, "worker").Result.State.StartsWith("backoff (next try in ", StringComparison.Ordinal), "backoff shown");
        Assert.True((await StatusAsync(directory, "worker")).Restarts >= 3);
        var loop = await events.ExpectMsgAsync<Bock.Actors.Containers.ContainerEvent>(TimeSpan.FromSeconds(5));
        Assert.Equal((ServiceActor.CrashLoop, Runtime.Named("p-worker-1").Container.Id, 1), (loop.Action, loop.ContainerId, loop.ExitCode));
    }

    [Fact]
    public async Task Up_again_recreates_only_the_service_whose_configuration_changed()
    {
        var directory = Directory_();
        await DoneAsync(directory.Ask<object>(UpMessage(Request(Web)), TimeSpan.FromSeconds(20)));
        var (web, worker) = (Runtime.Named("p-web-1").Container.Id, Runtime.Named("p-worker-1").Container.Id);
        var edited = Request(Web.Replace("worker:\n    image: busybox", "worker:\n    image: busybox\n    environment: [A=1]"));
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(edited), TimeSpan.FromSeconds(20)))).Error);
        Assert.Equal(web, Runtime.Named("p-web-1").Container.Id);
        Assert.NotEqual(worker, Runtime.Named("p-worker-1").Container.Id);
        Assert.Equal(["A=1"], Runtime.Named("p-worker-1").Request.Env!);
    }

    [Fact]
    public async Task A_restarted_directory_reconciles_stored_stacks_adopting_running_replicas_and_recreating_missing_ones()
    {
        var store = new MemoryStackStore();
        var first = Directory_(store);
        await DoneAsync(first.Ask<object>(UpMessage(Request(Web), new Dictionary<string, int> { ["web"] = 2 }), TimeSpan.FromSeconds(20)));
        Assert.Single(store.LoadAll());
        // The daemon goes away; one replica goes with it.
        await first.GracefulStop(TimeSpan.FromSeconds(5));
        Runtime.Events = null;
        var kept = Runtime.Named("p-web-1").Container.Id;
        Runtime.RemoveExternally("p-web-2");
        var callsBefore = Runtime.Calls.Count;

        var second = Directory_(store);
        second.Tell(StackDirectory.Reconcile.Instance);
        await EventuallyAsync(() => Runtime.Containers.Any(c => c.Container.Name == "p-web-2" && c.Container.State == "running"), "p-web-2 recreated");
        Assert.Equal(kept, Runtime.Named("p-web-1").Container.Id);
        var after = Runtime.Calls.Skip(callsBefore).ToList();
        Assert.DoesNotContain("create p-web-1", after);
        Assert.DoesNotContain("create p-worker-1", after);
        Assert.Equal(2, (await StatusAsync(second, "web")).Desired);

        await DoneAsync(second.Ask<object>(new Down("p", new StackDownRequest(), NoProgress), TimeSpan.FromSeconds(20)));
        Assert.Empty(store.LoadAll());
    }

    private sealed class MemoryStackStore : IStackStore
    {
        private readonly Dictionary<string, StoredStack> _stacks = [];

        public IReadOnlyList<StoredStack> LoadAll()
        {
            lock (_stacks) return [.. _stacks.Values];
        }

        public void Save(StoredStack stack)
        {
            lock (_stacks) _stacks[stack.Name] = stack;
        }

        public void Delete(string name)
        {
            lock (_stacks) _stacks.Remove(name);
        }
    }
}
