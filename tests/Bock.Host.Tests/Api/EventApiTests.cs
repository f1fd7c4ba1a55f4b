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
}
