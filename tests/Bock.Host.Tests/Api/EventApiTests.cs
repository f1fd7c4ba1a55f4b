using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

public sealed class EventApiTests
{
    [Fact]
    public async Task The_event_stream_reports_create_start_and_die_in_dockers_shape()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        using var response = await daemon.Client.GetAsync("v1.43/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var id = await daemon.CreateAsync("evented");
        (await daemon.Client.PostAsync($"containers/{id}/start", null)).Dispose();
        runtime.Exit(id, 5);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var action in (string[])["create", "start", "die"])
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            Assert.NotNull(line);
            var e = JsonDocument.Parse(line).RootElement;
            Assert.Equal(action, e.GetProperty("status").GetString());
            Assert.Equal(action, e.GetProperty("Action").GetString());
            Assert.Equal(id, e.GetProperty("id").GetString());
            Assert.Equal("container", e.GetProperty("Type").GetString());
            Assert.True(e.GetProperty("time").GetInt64() > 1_600_000_000);
            Assert.Equal("evented", e.GetProperty("Actor").GetProperty("Attributes").GetProperty("name").GetString());
            if (action == "die")
                Assert.Equal("5", e.GetProperty("Actor").GetProperty("Attributes").GetProperty("exitCode").GetString());
        }
    }

    [Fact]
    public async Task Since_and_until_replay_remembered_events_then_end_and_filters_select()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        var id = await daemon.CreateAsync("replayed");
        (await daemon.Client.PostAsync($"containers/{id}/start", null)).Dispose();
        runtime.Exit(id, 5);
        await daemon.CreateAsync("other");
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds();
        // The die is published asynchronously: wait until the plain listing shows it.
        using var clock = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(await ReplayAsync(daemon, $"since={before}&until={before + 60}", clock.Token)).Contains("die replayed"))
            await Task.Delay(50, clock.Token);

        // The response ends by itself at until.
        Assert.Equal(["create replayed", "start replayed", "die replayed", "create other"],
            await ReplayAsync(daemon, $"since={before}&until={until}", clock.Token, waitForEnd: true));
        var filters = Uri.EscapeDataString("""{"event":{"die":true},"container":{"replayed":true}}""");
        Assert.Equal(["die replayed"], await ReplayAsync(daemon, $"since={before}&until={until}&filters={filters}", clock.Token, waitForEnd: true));
        var byLabelless = Uri.EscapeDataString("""{"type":["network"]}""");
        Assert.Empty(await ReplayAsync(daemon, $"since={before}&until={until}&filters={byLabelless}", clock.Token, waitForEnd: true));
        Assert.Empty(await ReplayAsync(daemon, $"since={until + 5}&until={until}", clock.Token, waitForEnd: true));

        using var bad = await daemon.Client.GetAsync("v1.43/events?filters=" + Uri.EscapeDataString("""{"colour":["red"]}"""), clock.Token);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>"action name" per event of the response; without <paramref name="waitForEnd"/> only what came within half a second.</summary>
    private static async Task<List<string>> ReplayAsync(Daemon daemon, string query, CancellationToken ct, bool waitForEnd = false)
    {
        using var response = await daemon.Client.GetAsync("v1.43/events?" + query, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        using var read = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (!waitForEnd) read.CancelAfter(TimeSpan.FromMilliseconds(500));
        var lines = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(read.Token) is { } line)
            {
                var e = JsonDocument.Parse(line).RootElement;
                lines.Add($"{e.GetProperty("Action").GetString()} {e.GetProperty("Actor").GetProperty("Attributes").GetProperty("name").GetString()}");
            }
        }
        catch (OperationCanceledException) when (!waitForEnd && !ct.IsCancellationRequested)
        {
        }
        return lines;
    }
}
