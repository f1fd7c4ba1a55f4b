using System.Net;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

public sealed class ContainerApiTests
{
    [Fact]
    public async Task Create_start_inspect_wait_and_delete()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync("web", "\"Env\": [\"A=1\"], \"WorkingDir\": \"/tmp\", \"Labels\": {\"tier\": \"front\"}");
        Assert.Equal(RuntimeStatus.Created, runtime.StatusOf(id));
        var bundle = Assert.IsType<RuntimeCall.Create>(runtime.CallsFor(id)[^1], exactMatch: false).BundlePath;
        var config = await File.ReadAllTextAsync(Path.Combine(bundle, "config.json"));
        Assert.Contains("\"A=1\"", config);
        Assert.Contains("\"cwd\": \"/tmp\"", config);

        using (var start = await daemon.Client.PostAsync("containers/web/start", null))
            Assert.Equal(HttpStatusCode.NoContent, start.StatusCode);
        using (var again = await daemon.Client.PostAsync($"containers/{id}/start", null))
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        var inspect = await daemon.GetJsonAsync($"v1.43/containers/{id[..12]}/json");
        Assert.Equal(id, inspect.GetProperty("Id").GetString());
        Assert.Equal("/web", inspect.GetProperty("Name").GetString());
        Assert.Equal("running", inspect.GetProperty("State").GetProperty("Status").GetString());
        Assert.True(inspect.GetProperty("State").GetProperty("Pid").GetInt32() > 0);
        Assert.Equal("front", inspect.GetProperty("Config").GetProperty("Labels").GetProperty("tier").GetString());

        var running = await daemon.GetJsonAsync("containers/json");
        Assert.Equal(id, Assert.Single(running.EnumerateArray()).GetProperty("Id").GetString());

        var wait = daemon.Client.PostAsync($"containers/{id}/wait", null);
        await Task.Delay(200);
        Assert.False(wait.IsCompleted, "wait answered while the container runs");
        runtime.Exit(id, 3);
        using (var waited = await wait)
            Assert.Equal(3, (await Daemon.JsonAsync(waited)).GetProperty("StatusCode").GetInt32());

        Assert.Empty((await daemon.GetJsonAsync("containers/json")).EnumerateArray());
        var all = Assert.Single((await daemon.GetJsonAsync("containers/json?all=1")).EnumerateArray());
        Assert.Equal("exited", all.GetProperty("State").GetString());
        Assert.StartsWith("Exited (3)", all.GetProperty("Status").GetString());

        // condition=removed (run --rm's) answers only once the container is gone, with its last exit code.
        using (var bad = await daemon.Client.PostAsync($"containers/{id}/wait?condition=soon", null))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var removed = daemon.Client.PostAsync($"containers/{id}/wait?condition=removed", null);
        await Task.Delay(200);
        Assert.False(removed.IsCompleted, "wait for removal answered while the container exists");
        using (var delete = await daemon.Client.DeleteAsync("containers/web"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var waited = await removed)
            Assert.Equal(3, (await Daemon.JsonAsync(waited)).GetProperty("StatusCode").GetInt32());
        Assert.Equal(RuntimeStatus.Absent, runtime.StatusOf(id));
        Assert.False(Directory.Exists(bundle), "the bundle was left behind");
        using (var gone = await daemon.Client.GetAsync($"containers/{id}/json"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task The_restart_policy_in_the_create_body_is_honoured()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync(extra: "\"HostConfig\": {\"RestartPolicy\": {\"Name\": \"on-failure\", \"MaximumRetryCount\": 2}}");
        runtime.ScriptExits(id, new ContainerExit(1), new ContainerExit(1), new ContainerExit(1), new ContainerExit(1));
        using (var start = await daemon.Client.PostAsync($"containers/{id}/start", null))
            Assert.Equal(HttpStatusCode.NoContent, start.StatusCode);

        var inspect = await daemon.InspectUntilAsync(id, i => i.GetProperty("RestartCount").GetInt32() == 2
            && i.GetProperty("State").GetProperty("Status").GetString() == "exited");
        Assert.Equal(1, inspect.GetProperty("State").GetProperty("ExitCode").GetInt32());
        Assert.Equal("on-failure", inspect.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("Name").GetString());
        await Task.Delay(300);
        Assert.Equal(3, runtime.CallsFor(id).Count(c => c.Operation == RuntimeOperation.Start));
    }

    [Fact]
    public async Task A_bounded_always_with_a_delay_and_a_window_is_honoured_and_shown_by_inspect()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        // Bock's extensions, as bockrose sends deploy.restart_policy {condition: any, delay: 300ms, max_attempts: 2, window: 60s}.
        var id = await daemon.CreateAsync(extra: "\"HostConfig\": {\"RestartPolicy\": {\"Name\": \"always\", \"MaximumRetryCount\": 2, \"Delay\": 300000000, \"Window\": 60000000000}}");
        runtime.ScriptExits(id, new ContainerExit(0), new ContainerExit(0), new ContainerExit(0), new ContainerExit(0));
        using (var start = await daemon.Client.PostAsync($"containers/{id}/start", null))
            Assert.Equal(HttpStatusCode.NoContent, start.StatusCode);

        var inspect = await daemon.InspectUntilAsync(id, i => i.GetProperty("RestartCount").GetInt32() == 2
            && i.GetProperty("State").GetProperty("Status").GetString() == "exited");
        var policy = inspect.GetProperty("HostConfig").GetProperty("RestartPolicy");
        Assert.Equal(("always", 2), (policy.GetProperty("Name").GetString(), policy.GetProperty("MaximumRetryCount").GetInt32()));
        Assert.Equal((300_000_000L, 60_000_000_000L), (policy.GetProperty("Delay").GetInt64(), policy.GetProperty("Window").GetInt64()));
        await Task.Delay(700);
        var starts = runtime.CallsFor(id).Where(c => c.Operation == RuntimeOperation.Start).Select(c => c.At).ToList();
        Assert.Equal(3, starts.Count);
        Assert.All(starts.Zip(starts.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromMilliseconds(290), $"restarted after {gap.TotalMilliseconds} ms"));

        // A Docker client's policy shows nothing new.
        var plain = await daemon.CreateAsync("plain", "\"HostConfig\": {\"RestartPolicy\": {\"Name\": \"on-failure\", \"MaximumRetryCount\": 2}}");
        var plainPolicy = (await daemon.GetJsonAsync($"containers/{plain}/json")).GetProperty("HostConfig").GetProperty("RestartPolicy");
        Assert.False(plainPolicy.TryGetProperty("Delay", out _));
        Assert.False(plainPolicy.TryGetProperty("Window", out _));
    }

    [Fact]
    public async Task Stop_kill_and_restart_drive_a_running_container()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync("svc", "\"HostConfig\": {\"RestartPolicy\": {\"Name\": \"always\"}}");
        (await daemon.Client.PostAsync($"containers/{id}/start", null)).Dispose();

        using (var restart = await daemon.Client.PostAsync("containers/svc/restart?t=1", null))
            Assert.Equal(HttpStatusCode.NoContent, restart.StatusCode);
        await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Running").GetBoolean());

        using (var kill = await daemon.Client.PostAsync("containers/svc/kill?signal=SIGTERM", null))
            Assert.Equal(HttpStatusCode.NoContent, kill.StatusCode);
        var inspect = await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "exited");
        Assert.Equal(143, inspect.GetProperty("State").GetProperty("ExitCode").GetInt32());
        Assert.Contains(runtime.CallsFor(id), c => c is RuntimeCall.Kill { Signal: 15 });

        using (var stop = await daemon.Client.PostAsync("containers/svc/stop", null))
            Assert.Equal(HttpStatusCode.NotModified, stop.StatusCode);
        using (var kill = await daemon.Client.PostAsync("containers/svc/kill", null))
            Assert.Equal(HttpStatusCode.Conflict, kill.StatusCode);
        await Task.Delay(300);
        Assert.Equal("exited", (await daemon.GetJsonAsync($"containers/{id}/json")).GetProperty("State").GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Force_delete_removes_a_running_container()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync();
        (await daemon.Client.PostAsync($"containers/{id}/start", null)).Dispose();
        using (var delete = await daemon.Client.DeleteAsync($"containers/{id}?force=1"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(RuntimeStatus.Absent, runtime.StatusOf(id));
        Assert.Empty((await daemon.GetJsonAsync("containers/json?all=true")).EnumerateArray());
    }
}
