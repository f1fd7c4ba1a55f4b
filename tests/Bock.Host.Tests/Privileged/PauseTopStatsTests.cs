using System.Net;
using System.Text.Json;
using Bock.Host.Tests.Support;
using Bock.Kernel.Cgroups;

namespace Bock.Host.Tests.Privileged;

/// <summary>Pause/unpause through the actors, top from the cgroup and ps, stats from the cgroup (this host: v1 hybrid).</summary>
[Trait("Category", "Privileged")]
public sealed class PauseTopStatsTests
{
    [Fact]
    public async Task Pause_freezes_the_cgroup_and_unpause_thaws_it_and_repeating_either_is_a_conflict()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await ExecTests.RunningAsync(daemon);
        var cgroup = CgroupLayout.Detect().Open($"/bock/{id}", id);

        await daemon.PostOkAsync($"v1.43/containers/{id}/pause");
        var paused = await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "paused");
        Assert.True(paused.GetProperty("State").GetProperty("Paused").GetBoolean());
        Assert.True(cgroup.IsFrozen, "the cgroup is not frozen");
        using (var again = await daemon.Client.PostAsync($"containers/{id}/pause", null))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using (var exec = await daemon.PostJsonAsync($"containers/{id}/exec", """{"Cmd": ["true"]}"""))
            Assert.Equal(HttpStatusCode.Conflict, exec.StatusCode);

        await daemon.PostOkAsync($"containers/{id}/unpause");
        await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "running");
        Assert.False(cgroup.IsFrozen, "the cgroup is still frozen");
        using (var again = await daemon.Client.PostAsync($"containers/{id}/unpause", null))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using (var unknown = await daemon.Client.PostAsync("containers/nosuch/pause", null))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Top_lists_the_containers_processes_with_ps_titles_and_honours_ps_args()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await ExecTests.RunningAsync(daemon);

        var top = await daemon.GetJsonAsync($"containers/{id}/top");
        var titles = top.GetProperty("Titles").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("PID", titles);
        Assert.Equal("CMD", titles[^1]);
        var rows = top.GetProperty("Processes").EnumerateArray().Select(r => r.EnumerateArray().Select(f => f.GetString()!).ToList()).ToList();
        Assert.Contains(rows, r => r[^1].Contains("sleep 60"));
        Assert.All(rows, r => Assert.Equal(titles.Count, r.Count));
        Assert.DoesNotContain(rows, r => r[^1].Contains("bockd") || r[^1].Contains("dotnet")); // only the container's

        var aux = await daemon.GetJsonAsync($"containers/{id}/top?ps_args=aux");
        Assert.Contains("%CPU", aux.GetProperty("Titles").EnumerateArray().Select(t => t.GetString()));

        await daemon.PostOkAsync($"containers/{id}/kill");
        await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "exited");
        using (var stopped = await daemon.Client.GetAsync($"containers/{id}/top"))
            Assert.Equal(HttpStatusCode.Conflict, stopped.StatusCode);
        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Stats_report_memory_cpu_and_pids_from_the_cgroup_once_or_streamed()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await ExecTests.RunningAsync(daemon);

        var stats = await daemon.GetJsonAsync($"containers/{id}/stats?stream=false");
        Assert.Equal(id, stats.GetProperty("id").GetString());
        Assert.True(stats.GetProperty("memory_stats").GetProperty("usage").GetUInt64() > 0, stats.ToString());
        Assert.True(stats.GetProperty("memory_stats").GetProperty("limit").GetUInt64() > 0, stats.ToString());
        Assert.True(stats.GetProperty("pids_stats").GetProperty("current").GetUInt64() >= 1, stats.ToString());
        Assert.True(stats.GetProperty("cpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64() > 0, stats.ToString());
        var system = stats.GetProperty("cpu_stats").GetProperty("system_cpu_usage").GetUInt64();
        var preSystem = stats.GetProperty("precpu_stats").GetProperty("system_cpu_usage").GetUInt64();
        Assert.True(preSystem > 0 && system >= preSystem, stats.ToString());

        using var response = await daemon.Client.GetAsync($"containers/{id}/stats?stream=true", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!).RootElement;
        var second = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!).RootElement;
        Assert.Equal(
            first.GetProperty("cpu_stats").GetProperty("system_cpu_usage").GetUInt64(),
            second.GetProperty("precpu_stats").GetProperty("system_cpu_usage").GetUInt64());

        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task An_oom_killed_container_shows_OOMKilled_in_inspect_and_an_oom_event()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a)");
        const long limit = 16 * 1024 * 1024;
        var config = Path.Combine(bundle.Directory, "config.json");
        var spec = Bock.Kernel.Spec.SpecLoader.LoadBundle(bundle.Directory);
        spec = spec with { Linux = spec.Linux! with { Resources = new Bock.Kernel.Spec.ResourcesSpec { Memory = new Bock.Kernel.Spec.MemorySpec { Limit = limit, Swap = limit } } } };
        await File.WriteAllTextAsync(config, Bock.Kernel.Spec.SpecLoader.Serialize(spec));
        var id = await daemon.CreateFromAsync(bundle);

        using var events = await daemon.Client.GetAsync("events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        await daemon.PostOkAsync($"containers/{id}/start");
        var inspect = await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "exited", TimeSpan.FromSeconds(30));
        Assert.True(inspect.GetProperty("State").GetProperty("OOMKilled").GetBoolean(), inspect.ToString());
        Assert.Equal(137, inspect.GetProperty("State").GetProperty("ExitCode").GetInt32());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var actions = new List<string>();
        while (!actions.Contains("oom") && await reader.ReadLineAsync(cts.Token) is { } line)
            actions.Add(JsonDocument.Parse(line).RootElement.GetProperty("Action").GetString()!);
        Assert.Equal(["start", "die", "oom"], actions);

        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task The_docker_cli_runs_top_stats_pause_and_unpause_against_bockd()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        Assert.True(File.Exists("/usr/local/bin/docker"), "the docker CLI (28.x) is missing from /usr/local/bin");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await ExecTests.RunningAsync(daemon);
        var docker = $"DOCKER_HOST=unix://{daemon.Options.SocketPath} DOCKER_CONFIG={daemon.Directory} /usr/local/bin/docker";

        var top = await Shell.ShAsync($"{docker} top {id}");
        Assert.True(top.ExitCode == 0 && top.Stdout.Contains("sleep 60"), top.ToString());
        var stats = await Shell.ShAsync($"{docker} stats --no-stream --format '{{{{.ID}}}} {{{{.MemUsage}}}} {{{{.PIDs}}}}' {id}");
        Assert.True(stats.ExitCode == 0 && stats.Stdout.StartsWith(id[..12]), stats.ToString());
        var pause = await Shell.ShAsync($"{docker} pause {id} && {docker} unpause {id}");
        Assert.True(pause.ExitCode == 0, pause.ToString());

        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }
}
