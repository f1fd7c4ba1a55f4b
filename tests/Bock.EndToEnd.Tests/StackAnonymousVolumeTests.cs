using System.Text.Json.Nodes;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// A replica's anonymous volume keeps its data as docker compose keeps it: an edited service is recreated (plainly
/// or by a rolling update) onto the old replica's volume, and down without -v leaves the volume.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class StackAnonymousVolumeTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-e2e").FullName;
    private readonly string _project = Names.Unique("av");
    private readonly List<string> _volumes = [];

    // The file is written at the first start only: what a later replica reads is the first one's.
    private const string Compose = """
        services:
          db:
            image: busybox:latest
            command: ["sh", "-c", "[ -f /data/f ] || echo $$VERSION > /data/f; exec sleep 300"]
            stop_signal: SIGKILL
            environment: [VERSION=1]
            volumes:
              - /data
        """;

    private JsonObject Project(string compose)
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), compose);
        return StackApi.Project(_dir, _project);
    }

    private async Task<string> OnlyReplicaAsync(StackApi api) =>
        Assert.Single((await api.ServiceAsync(_project, "db"))["ContainerIds"]!.AsArray())!.GetValue<string>();

    private async Task<string> VolumeOfAsync(string id)
    {
        var inspect = await fixture.Daemon.BockAsync("inspect", "-f", "{{range .Mounts}}{{.Name}} {{.Destination}}{{end}}", id);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        var parts = inspect.Stdout.Trim().Split(' ');
        Assert.Equal("/data", parts[1]);
        _volumes.Add(parts[0]);
        return parts[0];
    }

    private async Task<string> ReadAsync(string id)
    {
        string text = "";
        await Eventually.TrueAsync(async () => (text = (await fixture.Daemon.BockAsync("exec", id, "cat", "/data/f")).Stdout.Trim()).Length > 0,
            TimeSpan.FromSeconds(10), "/data/f written");
        return text;
    }

    [Theory]
    [InlineData("")]
    [InlineData("    deploy:\n      update_config: { parallelism: 1, order: stop-first }\n")]
    public async Task An_edited_service_is_recreated_onto_its_old_anonymous_volume_and_down_without_v_keeps_it(string deploy)
    {
        using var api = new StackApi(fixture.Daemon);
        var compose = Compose + "\n" + deploy;
        AssertOk(await api.UpAsync(Project(compose)));
        var first = await OnlyReplicaAsync(api);
        var volume = await VolumeOfAsync(first);
        Assert.Equal("1", await ReadAsync(first));

        var again = await api.UpAsync(Project(compose.Replace("VERSION=1", "VERSION=2")));
        AssertOk(again);
        var second = await OnlyReplicaAsync(api);
        Assert.NotEqual(first, second);
        Assert.Contains(again.Steps, s => s.Status == "Recreated");
        Assert.Equal(volume, await VolumeOfAsync(second));
        Assert.Equal("1", await ReadAsync(second)); // the old replica's data, not a fresh volume's
        Assert.Equal("VERSION=2", (await fixture.Daemon.BockAsync("exec", second, "sh", "-c", "echo VERSION=$VERSION")).Stdout.Trim());

        AssertOk(await api.DownAsync(_project, volumes: false));
        Assert.Contains(volume, (await fixture.Daemon.BockAsync("volume", "ls", "-q")).Stdout);
        Assert.Equal(0, (await fixture.Daemon.BockAsync("volume", "rm", volume)).ExitCode);
    }

    [Fact]
    public async Task Down_v_removes_the_anonymous_volume()
    {
        using var api = new StackApi(fixture.Daemon);
        AssertOk(await api.UpAsync(Project(Compose)));
        var volume = await VolumeOfAsync(await OnlyReplicaAsync(api));
        AssertOk(await api.DownAsync(_project, volumes: true));
        Assert.DoesNotContain(volume, (await fixture.Daemon.BockAsync("volume", "ls", "-q")).Stdout);
    }

    private static void AssertOk(StackApi.Answer answer) => Assert.True(answer.Status == 200 && answer.Error is null, answer.ToString());

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Down even when the test failed half-way (a stack left up heals), and no volume of the test stays.</summary>
    public async Task DisposeAsync()
    {
        using var api = new StackApi(fixture.Daemon);
        await api.DownAsync(_project);
        foreach (var volume in _volumes.Distinct()) await fixture.Daemon.BockAsync("volume", "rm", volume);
        Directory.Delete(_dir, recursive: true);
    }
}
