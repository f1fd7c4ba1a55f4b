using Akka.Actor;

namespace Bockrose.Tests.Stacks;

/// <summary>deploy.update_config: start the new replica, wait until it is healthy, then remove the old; roll back on failure.</summary>
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

    [Fact]
    public async Task Each_old_replica_is_removed_only_after_its_replacement_is_healthy()
    {
        Runtime.HealthOnStart = "healthy";
        var directory = Directory_();
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(Request(Rolled)), TimeSpan.FromSeconds(20)))).Error);
        var before = Runtime.Calls.Count;

        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(Request(Rolled.Replace("VERSION=1", "VERSION=2"))), TimeSpan.FromSeconds(20)))).Error);
        var calls = Runtime.Calls.Skip(before).Where(c => !c.StartsWith("network ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["create p-web-3", "start p-web-3", "rm p-web-1", "create p-web-1", "start p-web-1", "rm p-web-2"], calls);
        Assert.Equal(2, Runtime.Containers.Count);
        Assert.All(Runtime.Containers, c => Assert.Contains("VERSION=2", c.Request.Env!));
    }

    [Fact]
    public async Task A_replacement_that_never_gets_healthy_is_removed_and_the_old_replicas_are_kept()
    {
        Runtime.HealthOnStart = "healthy";
        var directory = Directory_();
        await DoneAsync(directory.Ask<object>(UpMessage(Request(Rolled)), TimeSpan.FromSeconds(20)));
        var old = Runtime.Containers.Select(c => c.Container.Id).ToList();

        Runtime.HealthOnStart = "unhealthy";
        var done = await DoneAsync(directory.Ask<object>(UpMessage(Request(Rolled.Replace("VERSION=1", "VERSION=2"))), TimeSpan.FromSeconds(20)));
        Assert.Contains("rolled back", done.Error);
        Assert.Equal(old, Runtime.Containers.Select(c => c.Container.Id).ToList());
        Assert.All(Runtime.Containers, c => Assert.Contains("VERSION=1", c.Request.Env!));
    }
}
