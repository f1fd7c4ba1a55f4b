using System.Text.Json;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// The real <c>bockrose</c> (the NativeAOT bock binary started through a symlink of that name) against a real bockd
/// on examples/stack/compose.yaml: a web (busybox httpd with a health check) behind a one-shot migration, and a
/// worker that crashes on purpose.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class BockroseCliTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private static readonly string Example = Path.Combine(RepositoryRoot(), "examples", "stack", "compose.yaml");

    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task The_example_goes_up_lists_logs_execs_scales_and_goes_down_leaving_nothing()
    {
        var project = Names.Unique("st");
        var up = await BockroseAsync(project, "up", "-d");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains($"Container {project}-web-1  Started", up.Stdout);
        Assert.Contains($"Container {project}-migrate-1", up.Stdout);
        Assert.True(up.Stdout.IndexOf($"Container {project}-migrate-1", StringComparison.Ordinal) < up.Stdout.IndexOf($"Container {project}-web-1  Started", StringComparison.Ordinal),
            "the migration is started before the web that depends on it:\n" + up.Stdout);

        var ps = await BockroseAsync(project, "ps");
        Assert.True(ps.ExitCode == 0, ps.ToString());
        Assert.StartsWith("NAME", ps.Stdout);
        Assert.Contains($"{project}-web-1", ps.Stdout);
        var rows = (await BockroseAsync(project, "ps", "-a", "--format", "json")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var web = Assert.Single(rows, r => r.GetProperty("Service").GetString() == "web");
        Assert.Equal("running", web.GetProperty("State").GetString());
        Assert.Equal(project, web.GetProperty("Project").GetString());
        Assert.Contains("web", (await BockroseAsync(project, "ps", "--services")).Stdout.Split('\n'));

        await Eventually.TrueAsync(async () => (await BockroseAsync(project, "logs", "web")).Stdout.Contains("web-1"), what: "web has logged");
        var logs = await BockroseAsync(project, "logs", "--tail", "1", "migrate");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        var line = Assert.Single(logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("migrate-1 | ", line);

        var exec = await BockroseAsync(project, "exec", "-T", "web", "sh", "-c", "echo from $(hostname); exit 3");
        Assert.Equal(3, exec.ExitCode);
        Assert.StartsWith("from ", exec.Stdout);

        var scale = await BockroseAsync(project, "scale", "web=3");
        Assert.True(scale.ExitCode == 0, scale.ToString());
        await Eventually.TrueAsync(async () =>
        {
            var names = (await BockroseAsync(project, "ps", "--format", "{{.Name}} {{.State}}", "web")).Stdout;
            return Enumerable.Range(1, 3).All(n => names.Contains($"{project}-web-{n} running"));
        }, TimeSpan.FromSeconds(30), "three web replicas running");

        var ls = await BockroseAsync(project, "ls");
        Assert.Contains(project, ls.Stdout);

        var down = await BockroseAsync(project, "down", "-v", "-t", "1");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains($"Container {project}-web-1  Removed", down.Stdout);
        Assert.Equal("", (await Daemon.BockAsync("ps", "-aq", "--filter", $"label=com.docker.compose.project={project}")).Stdout);
        Assert.DoesNotContain(project, (await Daemon.BockAsync("network", "ls")).Stdout);
        Assert.DoesNotContain(project, (await Daemon.BockAsync("volume", "ls")).Stdout);
        Assert.DoesNotContain(project, (await BockroseAsync(project, "ls", "-a")).Stdout);
    }

    [Fact]
    public async Task Up_attached_streams_prefixed_logs_and_ctrl_c_stops_the_stack()
    {
        var project = Names.Unique("st");
        // Started as a script's background job is (SIGINT ignored, which .NET would keep): SIGINT must still stop it.
        var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-c", "trap '' INT; exec \"$0\" \"$@\"", Bockrose, "-H", Daemon.Host, "-f", Example, "-p", project, "up", "-t", "1"]) info.ArgumentList.Add(arg);
        using var up = System.Diagnostics.Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        up.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        up.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();
        string Seen() { lock (output) return output.ToString(); }
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Seen().Contains("worker-1  | working")), TimeSpan.FromSeconds(60), "the worker's first line, prefixed");
            Assert.Contains("Attaching to ", Seen());
            Assert.Contains("migrate-1 | migrated", Seen());
            var interrupt = await Shell.RunAsync("/bin/kill", ["-INT", up.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(interrupt.ExitCode == 0, interrupt.ToString());
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await up.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"bockrose up did not end within 60 s of SIGINT; it printed:\n{Seen()}");
            }
            Assert.Equal(130, up.ExitCode);
            Assert.Contains("Gracefully stopping...", Seen());
            Assert.Equal("", (await Daemon.BockAsync("ps", "-q", "--filter", $"label=com.docker.compose.project={project}")).Stdout);
            Assert.NotEqual("", (await Daemon.BockAsync("ps", "-aq", "--filter", $"label=com.docker.compose.project={project}")).Stdout);
        }
        finally
        {
            if (!up.HasExited) up.Kill();
            await BockroseAsync(project, "down", "-v", "-t", "0");
        }
    }

    [Fact]
    public async Task Run_rm_runs_a_one_off_container_of_a_service_and_returns_its_exit_code()
    {
        var project = Names.Unique("st");
        try
        {
            var run = await BockroseAsync(project, "run", "--rm", "--no-deps", "-e", "GREETING=hi", "migrate", "sh", "-c", "echo $GREETING; exit 4");
            Assert.True(run.ExitCode == 4, run.ToString());
            Assert.Equal("hi\n", run.Stdout);
            Assert.Equal("", (await Daemon.BockAsync("ps", "-aq", "--filter", $"label=com.docker.compose.project={project}")).Stdout);
        }
        finally
        {
            await BockroseAsync(project, "down", "-v");
        }
    }

    [Fact]
    public async Task A_bad_file_is_refused_with_its_position_and_nothing_is_created()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Daemon.Directory, Names.Unique("bad"))).FullName;
        var file = Path.Combine(directory, "compose.yaml");
        await File.WriteAllTextAsync(file, "services:\n  web:\n    image: busybox\n    restrat: always\n");
        var project = Names.Unique("st");
        var config = await Shell.RunAsync(Bockrose, ["-H", Daemon.Host, "-f", file, "-p", project, "config"]);
        Assert.Equal(1, config.ExitCode);
        Assert.Contains("compose.yaml:4:", config.Stderr);
        var up = await Shell.RunAsync(Bockrose, ["-H", Daemon.Host, "-f", file, "-p", project, "up", "-d"]);
        Assert.Equal(1, up.ExitCode);
        Assert.Equal("", (await Daemon.BockAsync("ps", "-aq", "--filter", $"label=com.docker.compose.project={project}")).Stdout);
    }

    [Fact]
    public async Task Config_prints_the_resolved_model_with_the_project_name()
    {
        var project = Names.Unique("st");
        var config = await BockroseAsync(project, "config", "--services");
        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Equal(["migrate", "web", "worker"], config.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        var yaml = await BockroseAsync(project, "config");
        Assert.Contains($"name: {project}", yaml.Stdout);
    }

    private string Bockrose
    {
        get
        {
            // bock picks its command line by the name it is started as: bockrose is a symlink to it, as installed.
            var link = Path.Combine(Daemon.Directory, "bin", "bockrose");
            if (!File.Exists(link))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.CreateSymbolicLink(link, BockDaemon.Cli);
            }
            return link;
        }
    }

    private Task<CommandResult> BockroseAsync(string project, params string[] args) =>
        Shell.RunAsync(Bockrose, ["-H", Daemon.Host, "-f", Example, "-p", project, .. args], TimeSpan.FromSeconds(120));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bock.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository (Bock.sln) was not found above " + AppContext.BaseDirectory);
    }
}
