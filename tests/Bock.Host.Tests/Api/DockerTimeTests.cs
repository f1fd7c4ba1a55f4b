using Bock.Actors.Containers;
using Bock.Host.Api;
using Bock.Host.Containers;

namespace Bock.Host.Tests.Api;

/// <summary>The Status of GET /containers/json, worded as dockerd's (what docker ps and bockrose ps print).</summary>
public sealed class DockerTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    private static ContainerRecord Record(string state) =>
        new("id", "name", "busybox", Now, "/b", [], [], "/", "h", new Dictionary<string, string>(), RestartPolicy.No) { State = state };

    [Theory]
    [InlineData(1, null, "Up 1 second")]
    [InlineData(5, null, "Up 5 seconds")]
    [InlineData(61, "healthy", "Up About a minute (healthy)")]
    [InlineData(150, "starting", "Up 2 minutes (health: starting)")]
    [InlineData(3700, "unhealthy", "Up About an hour (unhealthy)")]
    public void A_running_container_is_up_for_its_time(int seconds, string? health, string expected) =>
        Assert.Equal(expected, DockerTime.Status(Record("running") with { StartedAt = Now.AddSeconds(-seconds), Health = health }, Now));

    [Fact]
    public void An_exited_one_says_its_code_and_how_long_ago()
    {
        Assert.Equal("Exited (0) 3 seconds ago", DockerTime.Status(Record("exited") with { FinishedAt = Now.AddSeconds(-3) }, Now));
        Assert.Equal("Exited (137) About a minute ago", DockerTime.Status(Record("exited") with { ExitCode = 137, FinishedAt = Now.AddSeconds(-90) }, Now));
        Assert.Equal("Up 2 hours (Paused)", DockerTime.Status(Record("paused") with { StartedAt = Now.AddHours(-2) }, Now));
        Assert.Equal("Created", DockerTime.Status(Record("created"), Now));
    }
}
