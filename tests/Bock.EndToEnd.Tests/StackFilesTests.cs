using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// Secrets and configs in real containers, as docker compose mounts them without swarm (a file secret, an
/// environment secret and an inline config read back from inside a replica, read-only, with their owner and mode);
/// down and a failed up leave no file in bockd's root; bockrose rm keeps anonymous volumes unless -v; bockrose ps
/// words STATUS as Docker does.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed partial class StackFilesTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-files-e2e").FullName;
    private readonly string _project = Names.Unique("sf");
    private readonly string _secret = "s3cret-" + Guid.NewGuid().ToString("N")[..12];

    private BockDaemon Daemon => fixture.Daemon;

    private string FilesDirectory => Path.Combine(Daemon.Root, "stack-files", _project);

    private const string App = """
        services:
          app:
            image: busybox:latest
            command: ["sleep", "300"]
            secrets:
              - file_token
              - source: env_token
                target: api_key
                uid: "1000"
                gid: "1001"
                mode: 0400
            configs:
              - source: site
                target: /etc/site.conf
                mode: 0440
              - site
        secrets:
          file_token: { file: ./token.txt }
          env_token: { environment: API_TOKEN }
        configs:
          site: { content: "listen 8080" }
        """;

    private JsonObject Project(string compose)
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), compose);
        File.WriteAllText(Path.Combine(_dir, "token.txt"), "from a file");
        var project = StackApi.Project(_dir, _project);
        project["Environment"]!["API_TOKEN"] = _secret;
        return project;
    }

    private async Task<string> ExecAsync(params string[] command)
    {
        var result = await Daemon.BockAsync(["exec", $"{_project}-app-1", .. command]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }

    [Fact]
    public async Task A_file_secret_an_environment_secret_and_an_inline_config_are_read_only_files_with_their_owner_and_mode()
    {
        using var api = new StackApi(Daemon);
        var up = await api.UpAsync(Project(App));
        Assert.True(up.Status == 200 && up.Error is null, up.ToString());

        Assert.Equal("from a file", await ExecAsync("cat", "/run/secrets/file_token"));
        Assert.Equal(_secret, await ExecAsync("cat", "/run/secrets/api_key"));
        Assert.Equal("listen 8080", await ExecAsync("cat", "/etc/site.conf"));
        Assert.Equal("listen 8080", await ExecAsync("cat", "/site"));
        Assert.Equal("400 1000 1001", await ExecAsync("stat", "-c", "%a %u %g", "/run/secrets/api_key"));
        Assert.Equal("440 0 0", await ExecAsync("stat", "-c", "%a %u %g", "/etc/site.conf"));
        Assert.Equal("444 0 0", await ExecAsync("stat", "-c", "%a %u %g", "/site"));
        // Read-only even for the container's root.
        foreach (var path in new[] { "/run/secrets/file_token", "/run/secrets/api_key", "/etc/site.conf" })
        {
            var write = await Daemon.BockAsync("exec", $"{_project}-app-1", "sh", "-c", $"echo x >> {path}");
            Assert.True(write.ExitCode != 0, $"{path} was writable: {write}");
        }
        Assert.Equal("from a file", File.ReadAllText(Path.Combine(_dir, "token.txt")));

        // The value is in no label, no Env: only in the root-only file bockd wrote.
        var inspect = await Daemon.BockAsync("inspect", $"{_project}-app-1");
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.DoesNotContain(_secret, inspect.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(FilesDirectory));
        Assert.Contains(Directory.GetFiles(FilesDirectory), f => File.ReadAllText(f) == _secret);

        var down = await api.DownAsync(_project);
        Assert.True(down.Status == 200 && down.Error is null, down.ToString());
        Assert.False(Directory.Exists(FilesDirectory), "down removed the stack's files");
    }

    [Fact]
    public async Task A_failed_up_leaves_no_secret_file_and_an_external_secret_is_refused()
    {
        using var api = new StackApi(Daemon);
        // The replica cannot be created (the container whose network it joins does not exist): after the files were written.
        var up = await api.UpAsync(Project(App.Replace("    command: [\"sleep\", \"300\"]", "    command: [\"sleep\", \"300\"]\n    network_mode: \"container:no-such-container\"")));
        Assert.Contains("no-such-container", ErrorOf(up));
        Assert.Equal("", (await Daemon.BockAsync("ps", "-a", "-q", "--filter", $"label=com.docker.compose.project={_project}")).Stdout.Trim());
        Assert.False(Directory.Exists(FilesDirectory), "a failed up removed the files it wrote");

        var external = await api.UpAsync(Project(App.Replace("env_token: { environment: API_TOKEN }", "env_token: { external: true }")));
        Assert.Contains("service \"app\": secret \"env_token\" is external", ErrorOf(external));
        Assert.Equal("", (await Daemon.BockAsync("ps", "-a", "-q", "--filter", $"label=com.docker.compose.project={_project}")).Stdout.Trim());
        Assert.False(Directory.Exists(FilesDirectory));
        await api.DownAsync(_project);
    }

    private const string Volumes = """
        services:
          writer:
            image: busybox:latest
            command: ["sh", "-c", "echo kept > /data/f"]
            volumes: ["/data"]
          app:
            image: busybox:latest
            command: ["sleep", "300"]
            stop_grace_period: 1s
        """;

    [Fact]
    public async Task Rm_keeps_the_anonymous_volumes_of_the_removed_containers_unless_v_and_ps_words_status_as_docker()
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), Volumes);
        var before = await VolumesAsync();
        Assert.Equal(0, (await BockroseAsync("up", "-d")).ExitCode);
        await Eventually.TrueAsync(async () => (await BockroseAsync("ps", "-a", "--format", "{{.Service}} {{.State}}")).Stdout.Contains("writer exited"),
            TimeSpan.FromSeconds(30), "the writer exited");
        var volume = Assert.Single((await VolumesAsync()).Except(before));

        // STATUS as docker ps and docker compose ps word it.
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var rows = (await BockroseAsync("ps", "-a", "--format", "json")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("Service").GetString()!, r => r.GetProperty("Status").GetString()!);
        Assert.Matches(UpStatus(), rows["app"]);
        Assert.Matches(ExitedStatus(), rows["writer"]);
        var table = await BockroseAsync("ps");
        Assert.Matches(@"Up (\d+ seconds|About a minute)", table.Stdout);

        // rm without -v: the anonymous volume stays, as docker compose keeps it.
        var rm = await BockroseAsync("rm", "-f", "writer");
        Assert.True(rm.ExitCode == 0, rm.ToString());
        Assert.Contains(volume, await VolumesAsync());
        Assert.Equal(0, (await Daemon.BockAsync("volume", "rm", volume)).ExitCode);

        // rm -v: it goes with its container.
        Assert.Equal(0, (await BockroseAsync("up", "-d", "writer")).ExitCode);
        await Eventually.TrueAsync(async () => (await BockroseAsync("ps", "-a", "--format", "{{.Service}} {{.State}}")).Stdout.Contains("writer exited"),
            TimeSpan.FromSeconds(30), "the writer exited again");
        var second = Assert.Single((await VolumesAsync()).Except(before));
        rm = await BockroseAsync("rm", "-f", "-v", "writer");
        Assert.True(rm.ExitCode == 0, rm.ToString());
        Assert.DoesNotContain(second, await VolumesAsync());
        Assert.Contains($"{_project}-app-1", (await Daemon.BockAsync("ps", "--format", "{{.Names}}")).Stdout); // rm left the running app alone

        Assert.Equal(0, (await BockroseAsync("down", "-t", "1")).ExitCode);
    }

    /// <summary>The error line of a stream, or the 400's body of an operation that failed before its first step.</summary>
    private static string ErrorOf(StackApi.Answer answer) =>
        answer.Error ?? (answer.Status >= 400 ? JsonNode.Parse(answer.Body)?["message"]?.GetValue<string>() : null) ?? $"no error: {answer}";

    private async Task<IReadOnlyList<string>> VolumesAsync() =>
        (await Daemon.BockAsync("volume", "ls", "-q")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^Up (1 second|[2-9] seconds|\d\d seconds|About a minute)$")]
    private static partial Regex UpStatus();

    [GeneratedRegex(@"^Exited \(0\) (1 second|\d+ seconds|About a minute) ago$")]
    private static partial Regex ExitedStatus();

    private string Bockrose
    {
        get
        {
            // bock picks its command line by the name it is started as: bockrose is a symlink to it, as installed.
            var link = Path.Combine(Daemon.Directory, "bin", "bockrose");
            if (!File.Exists(link))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                try
                {
                    File.CreateSymbolicLink(link, BockDaemon.Cli);
                }
                catch (IOException) when (File.Exists(link))
                {
                }
            }
            return link;
        }
    }

    private Task<CommandResult> BockroseAsync(params string[] args) =>
        Shell.RunAsync(Bockrose, ["-H", Daemon.Host, "-f", Path.Combine(_dir, "compose.yaml"), "-p", _project, .. args], TimeSpan.FromSeconds(120));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using var api = new StackApi(Daemon);
        await api.DownAsync(_project);
        Directory.Delete(_dir, recursive: true);
    }
}
