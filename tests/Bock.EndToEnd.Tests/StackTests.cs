using System.Diagnostics;
using System.Text.Json.Nodes;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// bockrose's orchestration on a real daemon, through /bock/stacks: the example stack (examples/stack) comes up in
/// dependency order and heals; scale, down -v, a bockd restart and an edited file do what compose users expect.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class StackTests(DaemonFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-e2e").FullName;
    private readonly string _project = Names.Unique("st");

    private static string Example => File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "stack", "compose.yaml"));

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Bock.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    /// <summary>The container's address on the project's default network.</summary>
    private async Task<string> AddressOnProjectNetworkAsync(string container) =>
        (await fixture.Daemon.BockAsync("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + _project + "_default\").IPAddress}}", container)).Stdout.Trim();

    private JsonObject Project(string compose)
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), compose);
        return StackApi.Project(_dir, _project);
    }

    [Fact]
    public async Task Up_starts_in_dependency_order_web_serves_when_healthy_and_down_v_leaves_nothing()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var links = DaemonLinks.OfRunRoot(daemon.RunRoot);
        var (bridgesBefore, rulesBefore) = (links.Bridges(), await RulesAsync(links));
        var up = await api.UpAsync(Project(Example));
        Assert.True(up.Status == 200 && up.Error is null, up.ToString());
        var steps = up.Steps.ToList();
        int Index(string resource, string name, string status) => steps.IndexOf((resource, name, status));
        Assert.True(Index("service", "migrate", "Exited") >= 0, up.Body);
        Assert.True(Index("service", "migrate", "Exited") < Index("container", $"{_project}-web-1", "Creating"), "web is created after migrate completed");
        Assert.True(Index("service", "web", "Healthy") < Index("container", $"{_project}-worker-1", "Creating"), "worker is created after web is healthy");

        var web = await api.ServiceAsync(_project, "web");
        Assert.Equal("healthy", web["Health"]!.GetValue<string>());
        Assert.Equal("completed", (await api.ServiceAsync(_project, "migrate"))["State"]!.GetValue<string>());
        // The site migrate wrote, served by web, reached by its service name on the project network.
        var fetched = await daemon.BockAsync("exec", $"{_project}-web-1", "wget", "-q", "-O", "-", "http://web:8080/index.html");
        Assert.Contains("hello from bockrose", fetched.Stdout);
        var labels = await daemon.BockAsync("inspect", "-f",
            "{{index .Config.Labels \"com.docker.compose.project\"}} {{index .Config.Labels \"com.docker.compose.service\"}} {{index .Config.Labels \"com.docker.compose.container-number\"}} {{index .Config.Labels \"com.docker.compose.oneoff\"}}",
            $"{_project}-web-1");
        Assert.Equal($"{_project} web 1 False", labels.Stdout.Trim());
        var list = await api.GetAsync("/bock/stacks");
        Assert.Contains(_project, list.Body);

        var down = await api.DownAsync(_project);
        Assert.True(down.Status == 200 && down.Error is null, down.ToString());
        var left = await daemon.BockAsync("ps", "-a", "--filter", $"label=com.docker.compose.project={_project}", "-q");
        Assert.Equal("", left.Stdout.Trim());
        Assert.DoesNotContain($"{_project}_default", (await daemon.BockAsync("network", "ls")).Stdout);
        Assert.DoesNotContain($"{_project}_site", (await daemon.BockAsync("volume", "ls")).Stdout);
        Assert.Equal(bridgesBefore, links.Bridges());
        Assert.Equal(rulesBefore, await RulesAsync(links));
        Assert.Equal(404, (await api.GetAsync($"/bock/stacks/{_project}")).Status);
    }

    [Fact]
    public async Task A_replica_killed_with_sigkill_is_back_within_two_seconds()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        AssertOk(await api.UpAsync(Project(Example)));
        var name = $"{_project}-web-1";
        var pid = (await daemon.BockAsync("inspect", "-f", "{{.State.Pid}}", name)).Stdout.Trim();
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, (await Shell.RunAsync("/bin/kill", ["-9", pid])).ExitCode);
        await Eventually.TrueAsync(async () =>
        {
            var now = (await daemon.BockAsync("inspect", "-f", "{{.State.Running}} {{.State.Pid}}", name)).Stdout.Trim().Split(' ');
            return now is ["true", var p] && p != pid && p != "0";
        }, TimeSpan.FromSeconds(5), "web-1 running again");
        output.WriteLine($"web-1 running again {clock.Elapsed.TotalMilliseconds:0} ms after kill -9 (polled every 100 ms through the CLI)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"back after {clock.Elapsed.TotalMilliseconds:0} ms");
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task A_replica_whose_health_check_fails_is_restarted()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var compose = """
            services:
              probe:
                image: busybox:latest
                command: ["sh", "-c", "touch /tmp/ok; exec sleep 1000"]
                healthcheck:
                  test: ["CMD", "test", "-f", "/tmp/ok"]
                  interval: 1s
                  timeout: 1s
                  retries: 2
            """;
        AssertOk(await api.UpAsync(Project(compose)));
        var name = $"{_project}-probe-1";
        var started = (await daemon.BockAsync("inspect", "-f", "{{.State.StartedAt}}", name)).Stdout.Trim();
        Assert.Equal(0, (await daemon.BockAsync("exec", name, "rm", "/tmp/ok")).ExitCode);
        // Docker would only mark it unhealthy; bockrose restarts it, and its command makes it healthy again.
        await Eventually.TrueAsync(async () => (await daemon.BockAsync("inspect", "-f", "{{.State.StartedAt}}", name)).Stdout.Trim() != started,
            TimeSpan.FromSeconds(20), "probe restarted");
        await Eventually.TrueAsync(async () => (await api.ServiceAsync(_project, "probe"))["Health"]?.GetValue<string>() == "healthy",
            TimeSpan.FromSeconds(20), "probe healthy again");
        Assert.True((await api.ServiceAsync(_project, "probe"))["Restarts"]!.GetValue<int>() >= 1);
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task Scale_web_to_three_gives_three_replicas_all_resolvable_by_the_service_name()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        AssertOk(await api.UpAsync(Project(Example)));
        var scaled = await api.ScaleAsync(_project, "web", 3);
        Assert.True(scaled.Status == 200 && scaled.Error is null, scaled.ToString());
        var addresses = new List<string>();
        foreach (var n in new[] { 1, 2, 3 })
            addresses.Add(await AddressOnProjectNetworkAsync($"{_project}-web-{n}"));
        Assert.True(addresses.Distinct().Count(a => a.Length > 0) == 3, $"addresses: {string.Join(", ", addresses)}; {scaled}");
        var lookup = await daemon.BockAsync("run", "--rm", "--network", $"{_project}_default", BockDaemon.Image, "nslookup", "web");
        foreach (var address in addresses) Assert.Contains(address, lookup.Stdout);
        Assert.Equal(3, (await api.ServiceAsync(_project, "web"))["Desired"]!.GetValue<int>());
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task Bock_probes_run_inside_the_containers_namespace_readiness_gates_dependants_and_liveness_restarts()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        // No wget or curl needed in the image for these: bockd probes 127.0.0.1 in the container's network namespace.
        var compose = """
            services:
              api:
                image: busybox:latest
                command: ["sh", "-c", "mkdir -p /www && echo ok > /www/ready && echo ok > /www/alive && exec httpd -f -p 8080 -h /www"]
                restart: always
                x-bock-probes:
                  readiness: { http: { port: 8080, path: /ready }, interval: 200ms }
                  liveness: { http: { port: 8080, path: /alive }, interval: 200ms, failure_threshold: 2 }
              client:
                image: busybox:latest
                command: ["sh", "-c", "wget -q -O - http://api:8080/ready && exec sleep 1000"]
                depends_on:
                  api: { condition: service_healthy }
            """;
        var up = await api.UpAsync(Project(compose));
        AssertOk(up);
        Assert.Contains(("service", "api", "Healthy"), up.Steps);
        Assert.Equal("ready", (await api.ServiceAsync(_project, "api"))["Health"]!.GetValue<string>());
        Assert.Equal("true", (await daemon.BockAsync("inspect", "-f", "{{.State.Running}}", $"{_project}-client-1")).Stdout.Trim());

        var name = $"{_project}-api-1";
        var started = (await daemon.BockAsync("inspect", "-f", "{{.State.StartedAt}}", name)).Stdout.Trim();
        Assert.Equal(0, (await daemon.BockAsync("exec", name, "rm", "/www/alive")).ExitCode);
        await Eventually.TrueAsync(async () => (await daemon.BockAsync("inspect", "-f", "{{.State.StartedAt}}", name)).Stdout.Trim() != started,
            TimeSpan.FromSeconds(15), "api restarted by its liveness probe");
        await Eventually.TrueAsync(async () => (await api.ServiceAsync(_project, "api"))["Health"]!.GetValue<string>() == "ready",
            TimeSpan.FromSeconds(15), "api ready again");
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task A_replica_that_is_not_ready_is_out_of_the_service_name_but_keeps_its_own_and_comes_back_when_ready()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var compose = """
            services:
              api:
                image: busybox:latest
                command: ["sh", "-c", "mkdir -p /www && echo ok > /www/ready && exec httpd -f -p 8080 -h /www"]
                deploy: { replicas: 2 }
                x-bock-probes:
                  readiness: { http: { port: 8080, path: /ready }, interval: 200ms, failure_threshold: 1 }
            """;
        AssertOk(await api.UpAsync(Project(compose)));
        async Task<string> LookupAsync(string name) =>
            (await daemon.BockAsync("run", "--rm", "--network", $"{_project}_default", BockDaemon.Image, "nslookup", name)).Stdout;
        var (first, second) = (await AddressOnProjectNetworkAsync($"{_project}-api-1"), await AddressOnProjectNetworkAsync($"{_project}-api-2"));
        Assert.Contains(second, await LookupAsync("api"));

        Assert.Equal(0, (await daemon.BockAsync("exec", $"{_project}-api-2", "rm", "/www/ready")).ExitCode);
        await Eventually.TrueAsync(async () => !(await LookupAsync("api")).Contains(second), TimeSpan.FromSeconds(15), "api-2 out of the service name");
        var lookup = await LookupAsync("api");
        Assert.Contains(first, lookup);
        Assert.Contains(second, await LookupAsync($"{_project}-api-2")); // its own name still answers
        Assert.Equal("not ready", (await api.ServiceAsync(_project, "api"))["Health"]!.GetValue<string>());

        Assert.Equal(0, (await daemon.BockAsync("exec", $"{_project}-api-2", "sh", "-c", "echo ok > /www/ready")).ExitCode);
        await Eventually.TrueAsync(async () => (await LookupAsync("api")).Contains(second), TimeSpan.FromSeconds(15), "api-2 back in the service name");
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task A_rolling_update_replaces_replicas_one_by_one_and_a_failure_rolls_every_replica_back()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var compose = """
            services:
              web:
                image: busybox:latest
                command: ["sh", "-c", "mkdir -p /www && echo $$VERSION > /www/index.html && p=8080 && case $$(hostname) in *-web-$$BAD) p=9090;; esac && exec httpd -f -p $$p -h /www"]
                restart: always
                environment: [VERSION=1]
                healthcheck:
                  test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/index.html"]
                  interval: 500ms
                  retries: 2
                deploy:
                  replicas: 2
                  update_config: { parallelism: 1, order: start-first, failure_action: rollback }
            """;
        AssertOk(await api.UpAsync(Project(compose)));
        async Task<IReadOnlyList<string>> VersionsAsync()
        {
            var ids = (await api.ServiceAsync(_project, "web"))["ContainerIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            var versions = new List<string>();
            foreach (var id in ids)
                versions.Add((await daemon.BockAsync("exec", id, "cat", "/www/index.html")).Stdout.Trim());
            return versions;
        }
        Assert.Equal(["1", "1"], await VersionsAsync());

        var rolled = await api.UpAsync(Project(compose.Replace("VERSION=1", "VERSION=2")));
        AssertOk(rolled);
        Assert.Equal(["2", "2"], await VersionsAsync());
        var steps = rolled.Steps.ToList();
        // The first replacement is healthy before the first old replica stops.
        var healthy = steps.IndexOf(("container", $"{_project}-web-3", "Healthy"));
        Assert.True(healthy >= 0 && healthy < steps.IndexOf(("container", $"{_project}-web-1", "Stopped")), rolled.Body);
        var version2 = (await api.ServiceAsync(_project, "web"))["ContainerIds"]!.ToJsonString();

        // Version 3's second replacement (web-2) listens on the wrong port: never healthy. Its first replacement
        // (web-1) was healthy and had replaced web-3, which the rollback starts again: version 2 everywhere.
        var broken = await api.UpAsync(Project(compose.Replace("VERSION=1", "VERSION=3, BAD=2")));
        Assert.Contains("rolled back", broken.Error ?? broken.Body);
        Assert.Contains(("container", $"{_project}-web-1", "Healthy"), broken.Steps);
        Assert.Contains(("container", $"{_project}-web-3", "Restored"), broken.Steps);
        Assert.Equal(["2", "2"], await VersionsAsync());
        Assert.Equal(version2, (await api.ServiceAsync(_project, "web"))["ContainerIds"]!.ToJsonString());
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task Run_creates_a_one_off_and_stop_and_start_act_on_every_service_without_healing_undoing_them()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var project = Project(Example);
        AssertOk(await api.UpAsync(project));

        var run = await api.PostAsync("/bock/stacks/run", new JsonObject
        {
            ["Project"] = project.DeepClone(),
            ["Service"] = "web",
            ["Command"] = new JsonArray("echo", "one-off"),
            ["NoDeps"] = true,
        });
        Assert.True(run.Status == 201, run.ToString());
        var id = JsonNode.Parse(run.Body)!["Id"]!.GetValue<string>();
        var oneOff = (await daemon.BockAsync("inspect", "-f", "{{.Name}} {{.State.Status}} {{index .Config.Labels \"com.docker.compose.oneoff\"}}", id)).Stdout.Trim();
        Assert.Matches($"^/?{_project}-web-run-[0-9a-f]{{6}} created True$", oneOff);

        var stop = await api.PostAsync($"/bock/stacks/{_project}/stop", new JsonObject { ["Timeout"] = 1 });
        Assert.True(stop.Status == 200 && stop.Error is null, stop.ToString());
        Assert.Equal("false", (await daemon.BockAsync("inspect", "-f", "{{.State.Running}}", $"{_project}-web-1")).Stdout.Trim());
        await Task.Delay(1500); // restart: always does not undo a stop, nor does bockrose
        Assert.Equal("false", (await daemon.BockAsync("inspect", "-f", "{{.State.Running}}", $"{_project}-web-1")).Stdout.Trim());
        Assert.Equal("stopped", (await api.ServiceAsync(_project, "web"))["State"]!.GetValue<string>());

        var start = await api.PostAsync($"/bock/stacks/{_project}/start", new JsonObject());
        Assert.True(start.Status == 200 && start.Error is null, start.ToString());
        Assert.Equal("true", (await daemon.BockAsync("inspect", "-f", "{{.State.Running}}", $"{_project}-web-1")).Stdout.Trim());
        Assert.Equal(404, (await api.PostAsync("/bock/stacks/no-such-stack/stop", new JsonObject())).Status);
        await api.DownAsync(_project);
        Assert.NotEqual(0, (await daemon.BockAsync("inspect", id)).ExitCode); // down takes one-offs too
    }

    [Fact]
    public async Task The_crashing_worker_is_restarted_with_backoff_and_its_crash_loop_is_an_event()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        AssertOk(await api.UpAsync(Project(Example)));
        // The worker exits 1 every four seconds; restart: always brings it back each time.
        await Eventually.TrueAsync(async () => (await api.ServiceAsync(_project, "worker"))["Restarts"]!.GetValue<int>() >= 3,
            TimeSpan.FromSeconds(40), "three restarts of the worker");
        var until = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var events = await daemon.BockAsync("events", "--since", since, "--until", until, "--filter", "event=crash_loop");
        Assert.Contains("crash_loop", events.Stdout);
        Assert.Contains($"{_project}-worker-1", events.Stdout);
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task An_image_missing_locally_is_pulled_and_one_that_cannot_be_pulled_fails_up_before_anything_is_created()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        using var registry = new LocalRegistry(withAuth: false);
        var image = $"{registry.Host}/stack-busybox:v1";
        Assert.Equal(0, (await daemon.BockAsync("tag", BockDaemon.Image, image)).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("push", image)).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("rmi", image)).ExitCode);

        var up = await api.UpAsync(Project($"services:\n  app:\n    image: {image}\n    command: [sleep, '1000']\n"));
        AssertOk(up);
        Assert.Contains(("image", image, "Pulled"), up.Steps);
        Assert.Equal("true", (await daemon.BockAsync("inspect", "-f", "{{.State.Running}}", $"{_project}-app-1")).Stdout.Trim());
        Assert.Null((await api.DownAsync(_project)).Error);

        var missing = await api.UpAsync(Project($"services:\n  app:\n    image: {registry.Host}/no-such-image:v1\n"));
        Assert.Equal(400, missing.Status);
        Assert.Contains("no-such-image", missing.Body);
        Assert.DoesNotContain($"{_project}_default", (await daemon.BockAsync("network", "ls")).Stdout);
    }

    [Fact]
    public async Task Up_again_after_editing_one_service_recreates_only_it()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        AssertOk(await api.UpAsync(Project(Example)));
        async Task<string> IdAsync(string service) => (await daemon.BockAsync("inspect", "-f", "{{.Id}}", $"{_project}-{service}-1")).Stdout.Trim();
        var (web, worker) = (await IdAsync("web"), await IdAsync("worker"));
        var edited = Example.Replace("echo working;", "echo working harder;");
        Assert.NotEqual(Example, edited);
        var again = await api.UpAsync(Project(edited));
        Assert.True(again.Error is null, again.ToString());
        Assert.Equal(web, await IdAsync("web"));
        Assert.NotEqual(worker, await IdAsync("worker"));
        Assert.Contains(("container", $"{_project}-worker-1", "Recreating"), again.Steps);
        await api.DownAsync(_project);
    }

    [Fact]
    public async Task A_bad_file_is_a_400_with_its_position_and_nothing_is_created()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var up = await api.UpAsync(Project("services:\n  web:\n    image: busybox:latest\n    depends_on: [nope]\n"));
        Assert.Equal(400, up.Status);
        Assert.Contains("nope", up.Body);
        var unknownKey = await api.UpAsync(Project("services:\n  web:\n    image: busybox:latest\n    comand: [true]\n"));
        Assert.Equal(400, unknownKey.Status);
        Assert.Contains("compose.yaml:4", unknownKey.Body);
        Assert.DoesNotContain(_project, (await daemon.BockAsync("network", "ls")).Stdout);
        var config = await api.PostAsync("/bock/stacks/config", Project(Example));
        Assert.Equal(200, config.Status);
        Assert.Contains("service_completed_successfully", config.Body);
    }

    private static void AssertOk(StackApi.Answer answer) => Assert.True(answer.Status == 200 && answer.Error is null, answer.ToString());

    /// <summary>The daemon's nftables rules without handles and counters, to compare before and after.</summary>
    private static async Task<string> RulesAsync(DaemonLinks links) =>
        System.Text.RegularExpressions.Regex.Replace((await Shell.RunAsync("nft", ["list", "table", "ip", links.FirewallTable])).Stdout, @"counter packets \d+ bytes \d+|# handle \d+", "");

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Down even when the test failed half-way: a stack left up heals, so the fixture's removal of every container
    /// would only make bockrose recreate them before the daemon is killed, leaving containers behind.
    /// </summary>
    public async Task DisposeAsync()
    {
        using var api = new StackApi(fixture.Daemon);
        await api.DownAsync(_project);
        Directory.Delete(_dir, recursive: true);
    }
}
