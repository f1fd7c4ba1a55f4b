using Akka.Actor;

namespace Bockrose.Tests.Stacks;

/// <summary>
/// deploy.update_config: start the new replica, wait until it is healthy, then stop the old one (removed when the
/// update ends); a failure pauses, rolls back or goes on as failure_action and max_failure_ratio say.
/// </summary>
public sealed class StackRollingUpdateTests : StackTestBase
{
    private const string Rolled = """
        services:
          web:
            image: busybox
            restart: always
            environment: [VERSION=1]
            healthcheck:
              test: ["CMD", "true"]
            deploy:
              replicas: 2
              update_config: { parallelism: 1, order: start-first }
        """;

    private static string Version2(string extra = "") =>
        Rolled.Replace("VERSION=1", "VERSION=2").Replace("order: start-first", "order: start-first" + extra);

    private async Task<IActorRef> UpAtVersion1Async()
    {
        Runtime.HealthOnStart = "healthy";
        var directory = Directory_();
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(Request(Rolled)), TimeSpan.FromSeconds(20)))).Error);
        return directory;
    }

    private IReadOnlyList<string> Versions() =>
        [.. Runtime.Containers.Select(c => $"{c.Container.Name}:{c.Container.State}:{c.Request.Env!.Single(e => e.StartsWith("VERSION=", StringComparison.Ordinal))[8..]}")];

    [Fact]
    public async Task Each_old_replica_is_stopped_only_after_its_replacement_is_healthy_and_removed_when_the_update_ends()
    {
        var directory = await UpAtVersion1Async();
        var before = Runtime.Calls.Count;

        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(Request(Version2())), TimeSpan.FromSeconds(20)))).Error);
        var calls = Runtime.Calls.Skip(before).Where(c => !c.StartsWith("network ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["create p-web-3", "start p-web-3", "stop p-web-1", "create p-web-4", "start p-web-4", "stop p-web-2", "rm p-web-1", "rm p-web-2"], calls);
        Assert.Equal(["p-web-3:running:2", "p-web-4:running:2"], Versions());
    }

    [Fact]
    public async Task By_default_a_failure_pauses_the_update_keeping_what_was_updated_and_the_failed_replicas_old_one()
    {
        var directory = await UpAtVersion1Async();
        Runtime.HealthOnStartOf["p-web-4"] = "unhealthy";

        var done = await DoneAsync(directory.Ask<object>(UpMessage(Request(Version2())), TimeSpan.FromSeconds(20)));
        Assert.Contains("paused after 1 of 2 replicas", done.Error);
        Assert.Equal(["p-web-2:running:1", "p-web-3:running:2"], Versions());
    }

    [Fact]
    public async Task Failure_action_rollback_restores_every_old_replica_and_removes_every_new_one()
    {
        var directory = await UpAtVersion1Async();
        var old = Runtime.Containers.Select(c => c.Container.Id).ToList();
        Runtime.HealthOnStartOf["p-web-4"] = "unhealthy";

        var done = await DoneAsync(directory.Ask<object>(UpMessage(Request(Version2(", failure_action: rollback"))), TimeSpan.FromSeconds(20)));
        Assert.Contains("rolled back", done.Error);
        Assert.Equal(old, Runtime.Containers.Select(c => c.Container.Id).ToList());
        Assert.Equal(["p-web-1:running:1", "p-web-2:running:1"], Versions());
        Assert.Equal(2, (await StatusAsync(directory, "web")).Running);
    }

    [Fact]
    public async Task Failures_within_max_failure_ratio_or_with_continue_do_not_stop_the_update()
    {
        var directory = await UpAtVersion1Async();
        Runtime.HealthOnStartOf["p-web-3"] = "unhealthy";
        var done = await DoneAsync(directory.Ask<object>(UpMessage(Request(Version2(", failure_action: rollback, max_failure_ratio: 0.5"))), TimeSpan.FromSeconds(20)));
        Assert.Null(done.Error);
        Assert.Equal(["p-web-3:running:2", "p-web-4:running:2"], Versions());

        Runtime.HealthOnStartOf["p-web-1"] = "unhealthy";
        Runtime.HealthOnStartOf["p-web-2"] = "unhealthy";
        done = await DoneAsync(directory.Ask<object>(UpMessage(Request(Version2(", failure_action: continue").Replace("VERSION=2", "VERSION=3"))), TimeSpan.FromSeconds(20)));
        Assert.Null(done.Error);
        Assert.Equal(["p-web-1:running:3", "p-web-2:running:3"], Versions());
    }
}
