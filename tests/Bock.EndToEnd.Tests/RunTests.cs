using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

[Trait(Category.Name, Category.Privileged)]
public sealed class RunTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Hello_world_with_rm_prints_and_leaves_no_container_mount_snapshot_or_cgroup()
    {
        var cgroups = Leftovers.CgroupsNow();
        var run = await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "echo", "Hello, Bock!");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hello, Bock!\n", run.Stdout);

        var names = await Daemon.BockAsync("ps", "-a", "--format", "{{.Names}}");
        Assert.Equal(0, names.ExitCode);
        Assert.DoesNotContain("Hello", names.Stdout);
        Leftovers.AssertNone(Daemon, await RunningIdsAsync(), cgroups);
    }

    [Theory]
    [InlineData(new[] { "sh", "-c", "exit 3" }, 3)]
    [InlineData(new[] { "/no/such/command" }, 127)]
    [InlineData(new[] { "/etc/passwd" }, 126)]
    public async Task Exit_codes_are_dockers(string[] command, int expected)
    {
        var run = await Daemon.BockAsync(["run", "--rm", BockDaemon.Image, .. command]);
        Assert.True(run.ExitCode == expected, run.ToString());
    }

    [Fact]
    public async Task A_non_root_user_reads_what_bockd_made_and_gets_runcs_umask_whatever_bockds_starter_had()
    {
        // The test daemon is started under umask 077 (BockDaemon): nothing of that may reach the container.
        var run = await Daemon.BockAsync("run", "--rm", "--user", "nobody", "-v", Names.Unique("vol") + ":/data", BockDaemon.Image,
            "sh", "-c", "cat /etc/hosts /etc/resolv.conf /etc/hostname >/dev/null && test -x /data && umask");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("0022\n", run.Stdout);
    }

    [Fact]
    public async Task Detached_run_then_logs_exec_inspect_stop_and_rm()
    {
        var name = Names.Unique("web");
        var run = await Daemon.BockAsync("run", "-d", "--name", name, "-e", "GREETING=hi", BockDaemon.Image, "sh", "-c", "echo started $GREETING; while true; do sleep 1; done");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches("^[0-9a-f]{64}\n$", run.Stdout);

        await Eventually.TrueAsync(async () => (await Daemon.BockAsync("logs", name)).Stdout.Contains("started hi"));
        var exec = await Daemon.BockAsync("exec", name, "sh", "-c", "echo $GREETING from $(hostname); exit 7");
        Assert.True(exec.ExitCode == 7, exec.ToString());
        Assert.Equal($"hi from {run.Stdout[..12]}\n", exec.Stdout);
        Assert.Equal("running\n", (await Daemon.BockAsync("inspect", "-f", "{{.State.Status}}", name)).Stdout);
        var ps = await Daemon.BockAsync("ps", "--filter", $"name={name}", "--format", "{{.Names}} {{.State}}");
        Assert.Equal($"{name} running\n", ps.Stdout);

        var stop = await Daemon.BockAsync("stop", "-t", "1", name);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal("exited\n", (await Daemon.BockAsync("inspect", "-f", "{{.State.Status}}", name)).Stdout);
        Assert.Equal(0, (await Daemon.BockAsync("rm", name)).ExitCode);
        Assert.Equal(1, (await Daemon.BockAsync("inspect", name)).ExitCode);
    }

    [Fact]
    public async Task Exec_user_names_resolve_in_the_containers_own_passwd_and_group_and_an_unknown_one_is_126()
    {
        var name = Names.Unique("users");
        // The groups are the container's own, written after its start: exec reads them as the container sees them.
        var run = await Daemon.BockAsync("run", "-d", "--name", name, BockDaemon.Image, "sh", "-c",
            "echo 'staff:x:50:nobody' >> /etc/group && echo 'app:x:1234:1234::/:/bin/sh' >> /etc/passwd && touch /ready && sleep 1000");
        Assert.True(run.ExitCode == 0, run.ToString());
        try
        {
            await Eventually.TrueAsync(async () => (await Daemon.BockAsync("exec", name, "test", "-e", "/ready")).ExitCode == 0);
            var nobody = await Daemon.BockAsync("exec", "-u", "nobody", name, "id");
            Assert.True(nobody.ExitCode == 0, nobody.ToString());
            Assert.Equal("uid=65534(nobody) gid=65534(nobody) groups=50(staff)\n", nobody.Stdout);
            Assert.Equal("uid=1234(app) gid=50(staff)\n", (await Daemon.BockAsync("exec", "-u", "app:staff", name, "id")).Stdout);
            var ghost = await Daemon.BockAsync("exec", "-u", "ghost", name, "id");
            Assert.True(ghost.ExitCode == 126, ghost.ToString());
            Assert.Contains("unable to find user ghost", ghost.Stderr);
        }
        finally
        {
            await Daemon.BockAsync("rm", "-f", name);
        }
    }

    [Fact]
    public async Task A_name_in_use_is_refused_with_125_and_nothing_is_created()
    {
        var name = Names.Unique("dup");
        Assert.Equal(0, (await Daemon.BockAsync("create", "--name", name, BockDaemon.Image, "true")).ExitCode);
        var before = await CountAsync();
        var again = await Daemon.BockAsync("run", "--name", name, BockDaemon.Image, "true");
        Assert.Equal(125, again.ExitCode);
        Assert.Contains("is already in use", again.Stderr);
        Assert.Equal(before, await CountAsync());
        await Daemon.BockAsync("rm", name);
    }

    [Theory]
    [InlineData("--memory", "12x", "invalid size")]
    [InlineData("--mount", "type=bind,target=/x", "source is required")]
    [InlineData("-v", "relative", "invalid volume specification")]
    [InlineData("--restart", "sometimes", "invalid restart policy")]
    public async Task Bad_values_exit_125_with_one_line_and_create_nothing(string flag, string value, string why)
    {
        var before = await CountAsync();
        var run = await Daemon.BockAsync("run", flag, value, BockDaemon.Image, "true");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains(why, run.Stderr);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_missing_bind_source_is_the_daemons_error_and_leaves_nothing()
    {
        var before = await CountAsync();
        var cgroups = Leftovers.CgroupsNow();
        var run = await Daemon.BockAsync("run", "--rm", "-v", "/nonexistent-bock-source:/mnt", BockDaemon.Image, "true");
        Assert.Equal(125, run.ExitCode);
        Assert.StartsWith("Error response from daemon:", run.Stderr);
        Assert.Equal(before, await CountAsync());
        Leftovers.AssertNone(Daemon, await RunningIdsAsync(), cgroups);
    }

    [Fact]
    public async Task An_image_nobody_has_is_the_pull_error_naming_the_registry_with_125_and_nothing_created()
    {
        var before = await CountAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // No internet here: Docker Hub cannot be reached, and the error must say so, quickly and in one place.
        var run = await Daemon.BockAsync("run", "--rm", "bock-e2e-no-such-image:latest", "true");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains("Unable to find image 'bock-e2e-no-such-image:latest' locally", run.Stderr);
        Assert.Contains("registry-1.docker.io", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr); // no stack trace
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Unknown_containers_are_one_clear_line()
    {
        var stop = await Daemon.BockAsync("stop", "no-such-container");
        Assert.Equal(1, stop.ExitCode);
        Assert.Equal("Error response from daemon: No such container: no-such-container\n", stop.Stderr);
    }

    [Fact]
    public async Task Named_volumes_keep_data_across_containers_and_binds_reach_the_host()
    {
        var volume = Names.Unique("data");
        Assert.Equal(0, (await Daemon.BockAsync("run", "--rm", "-v", $"{volume}:/data", BockDaemon.Image, "sh", "-c", "echo kept > /data/f")).ExitCode);
        var read = await Daemon.BockAsync("run", "--rm", "-v", $"{volume}:/data:ro", BockDaemon.Image, "cat", "/data/f");
        Assert.Equal("kept\n", read.Stdout);
        Assert.Contains(volume, (await Daemon.BockAsync("volume", "ls", "-q")).Stdout);

        var host = System.IO.Directory.CreateTempSubdirectory("bock-e2e-bind-").FullName;
        try
        {
            var write = await Daemon.BockAsync("run", "--rm", "-v", $"{host}:/mnt", BockDaemon.Image, "sh", "-c", "echo from-container > /mnt/out");
            Assert.True(write.ExitCode == 0, write.ToString());
            Assert.Equal("from-container\n", await File.ReadAllTextAsync(Path.Combine(host, "out")));
        }
        finally
        {
            System.IO.Directory.Delete(host, true);
        }
        Assert.Equal(0, (await Daemon.BockAsync("volume", "rm", volume)).ExitCode);
    }

    [Fact]
    public async Task Images_are_listed_tagged_inspected_and_removed()
    {
        var tag = "e2e/" + Names.Unique("tagged") + ":v1";
        Assert.Equal(0, (await Daemon.BockAsync("tag", BockDaemon.Image, tag)).ExitCode);
        var images = await Daemon.BockAsync("images", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Contains(tag, images.Stdout);
        Assert.Contains("busybox:latest", images.Stdout);
        var inspect = await Daemon.BockAsync("image", "inspect", "-f", "{{.Os}}/{{.Architecture}}", tag);
        Assert.Equal("linux/amd64\n", inspect.Stdout);
        var rmi = await Daemon.BockAsync("rmi", tag);
        Assert.True(rmi.ExitCode == 0, rmi.ToString());
        Assert.Contains("Untagged:", rmi.Stdout);
        Assert.DoesNotContain(tag, (await Daemon.BockAsync("images")).Stdout);
    }

    private async Task<int> CountAsync() =>
        (await Daemon.BockAsync("ps", "-aq")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private async Task<IReadOnlyList<string>> RunningIdsAsync() =>
        (await Daemon.BockAsync("ps", "-aq", "--no-trunc")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
