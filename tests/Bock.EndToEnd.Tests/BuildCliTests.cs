using System.Formats.Tar;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// <c>bock-runtime build</c> (the thin client started through its symlink) against a real bockd's <c>POST /build</c>:
/// the README's busybox image built FROM scratch from examples/busybox and run with <c>bock run</c>, <c>--iidfile</c>,
/// <c>-q</c>, <c>--output type=oci</c>, and a failing RUN that exits 1 with the spec's location.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class BuildCliTests : IAsyncLifetime
{
    private BockDaemon _daemon = null!;

    private string Runtime => Path.Combine(_daemon.Directory, "bock-runtime");

    public async Task InitializeAsync()
    {
        _daemon = await BockDaemon.StartAsync(withBusybox: false);
        File.CreateSymbolicLink(Runtime, BockDaemon.Cli); // as scripts/install.sh links it
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private Task<CommandResult> BuildAsync(params string[] args) =>
        Shell.RunAsync(Runtime, ["-H", _daemon.Host, "build", .. args], TimeSpan.FromSeconds(300));

    /// <summary>A temp copy of examples/busybox with Debian's static busybox in it, as the README's main job makes it.</summary>
    private string BusyboxContext()
    {
        var context = Directory.CreateDirectory(Path.Combine(_daemon.Directory, Names.Unique("ctx"))).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples", "busybox")))
            File.Copy(file, Path.Combine(context, Path.GetFileName(file)));
        File.Copy("/bin/busybox", Path.Combine(context, "busybox"));
        return context;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bock.sln"))) return dir.FullName;
        throw new InvalidOperationException("Bock.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Bock_runtime_builds_the_busybox_example_and_bock_runs_it()
    {
        var iidFile = Path.Combine(_daemon.Directory, "iid");
        var build = await BuildAsync("-t", "busybox-built:test", "--iidfile", iidFile, BusyboxContext());
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("", build.Stdout); // progress goes to stderr, as BuildKit's
        Assert.Contains("[busybox ", build.Stderr);

        var id = File.ReadAllText(iidFile).Trim();
        Assert.StartsWith("sha256:", id);
        var inspect = await _daemon.BockAsync("image", "inspect", "--format", "{{.Id}}", "busybox-built:test");
        Assert.Equal(id, inspect.Stdout.Trim());

        var run = await _daemon.BockAsync("run", "--rm", "busybox-built:test", "echo", "hi");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hi\n", run.Stdout);
    }

    [Fact]
    public async Task Quiet_prints_only_the_image_id_and_bock_build_is_the_same_command()
    {
        // SOURCE_DATE_EPOCH from the environment (sent as sourcedateepoch): the same inputs give the same image id.
        var context = BusyboxContext();
        var quiet = await Shell.RunAsync("/usr/bin/env", ["SOURCE_DATE_EPOCH=0", Runtime, "-H", _daemon.Host, "build", "-q", "-t", "busybox-quiet:test", context],
            TimeSpan.FromSeconds(300));
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", quiet.Stdout);

        var again = await Shell.RunAsync("/usr/bin/env", ["SOURCE_DATE_EPOCH=0", BockDaemon.Cli, "-H", _daemon.Host, "image", "build", "-q", "-t", "busybox-quiet:again", context],
            TimeSpan.FromSeconds(300));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(quiet.Stdout, again.Stdout);
    }

    [Fact]
    public async Task An_oci_output_is_written_where_asked()
    {
        var dest = Path.Combine(_daemon.Directory, "image-oci.tar");
        var build = await BuildAsync("--output", $"type=oci,dest={dest}", BusyboxContext());
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(dest), build.ToString());
        var names = new List<string>();
        await using (var reader = new TarReader(File.OpenRead(dest)))
            while (await reader.GetNextEntryAsync() is { } entry) names.Add(entry.Name.TrimStart('.', '/'));
        Assert.Contains("oci-layout", names);
        Assert.Contains("index.json", names);
        Assert.Contains(names, n => n.StartsWith("blobs/sha256/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_run_exits_1_with_the_specs_location_and_its_output()
    {
        var context = BusyboxContext();
        File.WriteAllText(Path.Combine(context, "Dockerfile"),
            "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo going down; exit 3\"]\n");
        var iidFile = Path.Combine(_daemon.Directory, "failed-iid");
        var build = await BuildAsync("-f", Path.Combine(context, "Dockerfile"), "-t", "never:built", "--iidfile", iidFile, context);
        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.Contains("ERROR: ", build.Stderr);
        Assert.Contains("Dockerfile:3", build.Stderr);
        Assert.Contains("going down", build.Stderr);
        Assert.False(File.Exists(iidFile));
        Assert.NotEqual(0, (await _daemon.BockAsync("image", "inspect", "never:built")).ExitCode);
    }

    [Fact]
    public async Task Bock_runtime_lists_the_builders_commands_and_refuses_a_bad_command_line()
    {
        var help = await Shell.RunAsync(Runtime, ["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage:  bock-runtime [OPTIONS] COMMAND", help.Stdout);
        foreach (var command in (string[])["build", "images", "push", "tag", "rmi", "inspect"])
            Assert.Matches($"\n  {command} +", help.Stdout);
        Assert.DoesNotContain("\n  run ", help.Stdout);

        var buildHelp = await Shell.RunAsync(Runtime, ["build", "--help"]);
        Assert.StartsWith("Usage:  bock-runtime build [OPTIONS] PATH | -", buildHelp.Stdout);
        Assert.Contains("stdout stays empty unless -q", buildHelp.Stdout);

        Assert.Equal(125, (await BuildAsync()).ExitCode);
        Assert.Equal(125, (await BuildAsync("--output", "type=oci", ".")).ExitCode);
        Assert.Equal(125, (await BuildAsync(Path.Combine(_daemon.Directory, "no-such-context"))).ExitCode);
        var notHere = await Shell.RunAsync(Runtime, ["run", "busybox"]);
        Assert.Equal(125, notHere.ExitCode);
    }
}
