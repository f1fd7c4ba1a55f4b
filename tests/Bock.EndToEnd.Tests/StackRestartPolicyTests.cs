using System.Globalization;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// <c>deploy.restart_policy</c> as the daemon's supervisor strategy, on a real daemon: the delay is the wait between
/// restarts, max_attempts bounds them (for <c>any</c> as for <c>on-failure</c>), then the replica stays exited.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class StackRestartPolicyTests(DaemonFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-e2e").FullName;
    private readonly string _project = Names.Unique("rp");

    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Each_restart_waits_the_delay_max_attempts_bounds_them_and_any_restarts_after_exit_0_too()
    {
        using var api = new StackApi(Daemon);
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), $$"""
            services:
              failing:
                image: {{BockDaemon.Image}}
                command: ["sh", "-c", "exit 1"]
                deploy:
                  restart_policy: {condition: on-failure, delay: 1s, max_attempts: 2}
              finishing:
                image: {{BockDaemon.Image}}
                command: ["true"]
                deploy:
                  restart_policy: {condition: any, delay: 1s, max_attempts: 2}
            """);
        var since = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1).ToString(CultureInfo.InvariantCulture);
        var up = await api.UpAsync(StackApi.Project(_dir, _project), wait: false);
        Assert.True(up.Status == 200 && up.Error is null, up.ToString());
        var (failing, finishing) = ($"{_project}-failing-1", $"{_project}-finishing-1");

        foreach (var name in new[] { failing, finishing })
            await Eventually.TrueAsync(async () => await InspectAsync(name, "{{.RestartCount}} {{.State.Status}}") == "2 exited",
                TimeSpan.FromSeconds(30), $"{name}: two restarts, then exited");
        await Task.Delay(2500); // a third restart would have come a second after the last death
        Assert.Equal("2 exited 1", await InspectAsync(failing, "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}"));
        // condition: any restarts after exit 0 too (on-failure, which it was mapped to before, would not have).
        Assert.Equal("2 exited 0", await InspectAsync(finishing, "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}"));
        Assert.Equal("on-failure 2 1000000000", await InspectAsync(failing,
            "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.HostConfig.RestartPolicy.Delay}}"));
        Assert.Equal("always 2", await InspectAsync(finishing, "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"));

        // Three starts each, the delay (not the 100 ms, 200 ms backoff) between them.
        var until = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture);
        foreach (var name in new[] { failing, finishing })
        {
            var events = await Daemon.BockAsync("events", "--since", since, "--until", until, "--filter", "event=start", "--filter", $"container={name}", "--format", "{{.TimeNano}}");
            Assert.True(events.ExitCode == 0, events.ToString());
            var starts = events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToList();
            var gaps = starts.Zip(starts.Skip(1), (a, b) => TimeSpan.FromTicks((b - a) / 100)).ToList();
            output.WriteLine($"{name}: {starts.Count} starts, {string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0} ms"))} apart");
            Assert.Equal(3, starts.Count);
            Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"{name} restarted {gap.TotalMilliseconds:0} ms after its previous start"));
        }
        Assert.Null((await api.DownAsync(_project)).Error);
    }

    private async Task<string> InspectAsync(string name, string format) =>
        (await Daemon.BockAsync("inspect", "-f", format, name)).Stdout.Trim();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using var api = new StackApi(Daemon);
        await api.DownAsync(_project);
        Directory.Delete(_dir, recursive: true);
    }
}
