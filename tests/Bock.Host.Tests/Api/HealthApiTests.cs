using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Host.Containers;
using Bock.Host.Tests.Support;
using Bock.Images.Oci;

namespace Bock.Host.Tests.Api;

public sealed class HealthApiTests
{
    [Fact]
    public async Task Inspect_and_ps_show_the_health_the_probes_found()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync("checked", """
            "Healthcheck": {"Test": ["CMD", "wget", "-q", "localhost"], "Interval": 50000000, "Retries": 2}
            """);
        // Forty failures at 50 ms: unhealthy for about two seconds, long enough for the polls below to see it.
        runtime.ScriptExecs(id, Enumerable.Repeat(new ExecResult(1, "refused"), 40).ToArray());
        using (await daemon.Client.PostAsync($"containers/{id}/start", null)) { }

        var inspect = await daemon.InspectUntilAsync(id, i => HealthOf(i) == "unhealthy", TimeSpan.FromSeconds(30));
        var health = inspect.GetProperty("State").GetProperty("Health");
        Assert.True(health.GetProperty("FailingStreak").GetInt32() >= 2);
        var log = health.GetProperty("Log").EnumerateArray().ToList();
        Assert.Equal(("refused", 1), (log[0].GetProperty("Output").GetString(), log[0].GetProperty("ExitCode").GetInt32()));
        Assert.Equal(["wget", "-q", "localhost"], runtime.CallsFor(id).OfType<RuntimeCall.Exec>().First().Request.Args);

        // The default answer of the fake is success: the container heals, and ps says so.
        await daemon.InspectUntilAsync(id, i => HealthOf(i) == "healthy", TimeSpan.FromSeconds(30));
        var ps = await daemon.GetJsonAsync("containers/json");
        Assert.EndsWith("(healthy)", ps.EnumerateArray().Single().GetProperty("Status").GetString());
    }

    [Fact]
    public async Task A_container_without_a_check_has_no_health_and_is_not_probed()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync("plain");
        using (await daemon.Client.PostAsync($"containers/{id}/start", null)) { }
        var inspect = await daemon.GetJsonAsync($"containers/{id}/json");
        Assert.False(inspect.GetProperty("State").TryGetProperty("Health", out _));
        await Task.Delay(200);
        Assert.Empty(runtime.CallsFor(id).OfType<RuntimeCall.Exec>());
    }

    [Fact]
    public async Task A_bad_test_form_is_400_and_creates_nothing()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        var image = System.Text.Json.JsonSerializer.Serialize(daemon.Rootfs());
        using var create = await daemon.PostJsonAsync("containers/create",
            "{\"Image\": " + image + """, "Cmd": ["true"], "Healthcheck": {"Test": ["RUN", "x"]}}""");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("invalid healthcheck test", await create.Content.ReadAsStringAsync());
        Assert.Empty((await daemon.GetJsonAsync("containers/json?all=1")).EnumerateArray());
    }

    [Fact]
    public void The_request_overrides_the_image_field_by_field_then_dockers_defaults_apply()
    {
        var image = new HealthConfig { Test = ["CMD-SHELL", "curl -f localhost"], Interval = 5_000_000_000, Retries = 5 };
        var merged = HealthCheckMerge.Merge(new HealthcheckDto { Timeout = 2_000_000_000 }, image)!;
        Assert.Equal(["CMD-SHELL", "curl -f localhost"], merged.Test);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 5), (merged.Interval, merged.Timeout, merged.Retries));
        Assert.Null(HealthCheckMerge.Merge(new HealthcheckDto { Test = ["NONE"] }, image));
        Assert.Null(HealthCheckMerge.Merge(null, null));
        var defaults = HealthCheckMerge.Merge(new HealthcheckDto { Test = ["CMD", "true"] }, null)!;
        Assert.Equal((HealthCheck.DefaultInterval, HealthCheck.DefaultTimeout, HealthCheck.DefaultRetries), (defaults.Interval, defaults.Timeout, defaults.Retries));
        Assert.Throws<FormatException>(() => HealthCheckMerge.Merge(new HealthcheckDto { Test = ["CMD"] }, null));
    }

    private static string? HealthOf(System.Text.Json.JsonElement inspect) =>
        inspect.GetProperty("State").TryGetProperty("Health", out var health) ? health.GetProperty("Status").GetString() : null;
}
