using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>cp and export: files in and out of a container, never through the container's symlinks onto the host.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class FilesTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Cp_out_of_a_container_copies_files_and_directories_and_keeps_symlinks_as_links()
    {
        var name = await StartAsync("mkdir -p /data/sub; echo inside > /data/f; echo deep > /data/sub/g; ln -s /etc /data/etclink");
        var local = System.IO.Directory.CreateTempSubdirectory("bock-e2e-cp-").FullName;
        try
        {
            Assert.Equal(0, (await Daemon.BockAsync("cp", $"{name}:/data/f", Path.Combine(local, "renamed"))).ExitCode);
            Assert.Equal("inside\n", await File.ReadAllTextAsync(Path.Combine(local, "renamed")));
            var dir = await Daemon.BockAsync("cp", $"{name}:/data", local);
            Assert.True(dir.ExitCode == 0, dir.ToString());
            Assert.Equal("deep\n", await File.ReadAllTextAsync(Path.Combine(local, "data", "sub", "g")));
            Assert.Equal("/etc", new FileInfo(Path.Combine(local, "data", "etclink")).LinkTarget);
            // The container's /etc symlink is packed as a link: nothing of the host's /etc comes along.
            var listing = await Shell.ShAsync($"{BockDaemon.Cli} -H {Daemon.Host} cp {name}:/data - | tar -t");
            Assert.DoesNotContain("data/etclink/", listing.Stdout);
            Assert.Contains("data/sub/g", listing.Stdout);
        }
        finally
        {
            System.IO.Directory.Delete(local, true);
            await Daemon.BockAsync("rm", "-f", name);
        }
    }

    [Fact]
    public async Task Cp_into_a_container_follows_dockers_rules_and_its_symlinks_stay_inside_it()
    {
        var name = await StartAsync("mkdir -p /data; ln -s /etc /data/etclink; ln -s ../../../../../../tmp /data/up");
        var local = System.IO.Directory.CreateTempSubdirectory("bock-e2e-cpin-").FullName;
        var marker = $"bock-cp-{Guid.NewGuid():N}";
        try
        {
            var file = Path.Combine(local, marker);
            await File.WriteAllTextAsync(file, "from the host\n");
            Assert.Equal(0, (await Daemon.BockAsync("cp", file, $"{name}:/data/")).ExitCode);
            Assert.Equal(0, (await Daemon.BockAsync("cp", file, $"{name}:/data/renamed")).ExitCode);
            // Through the container's absolute and ..-laden symlinks: the container's /etc and /tmp, never the host's.
            Assert.Equal(0, (await Daemon.BockAsync("cp", file, $"{name}:/data/etclink/")).ExitCode);
            Assert.Equal(0, (await Daemon.BockAsync("cp", file, $"{name}:/data/up/")).ExitCode);
            Assert.False(File.Exists(Path.Combine("/etc", marker)));
            Assert.False(File.Exists(Path.Combine("/tmp", marker)));

            var back = System.IO.Directory.CreateDirectory(Path.Combine(local, "back")).FullName;
            foreach (var path in new[] { $"/data/{marker}", "/data/renamed", $"/etc/{marker}", $"/tmp/{marker}" })
            {
                var copy = await Daemon.BockAsync("cp", $"{name}:{path}", Path.Combine(back, "x"));
                Assert.True(copy.ExitCode == 0, $"{path}: {copy}");
                Assert.Equal("from the host\n", await File.ReadAllTextAsync(Path.Combine(back, "x")));
                File.Delete(Path.Combine(back, "x"));
            }
        }
        finally
        {
            System.IO.Directory.Delete(local, true);
            await Daemon.BockAsync("rm", "-f", name);
        }
    }

    [Fact]
    public async Task A_missing_path_is_one_clear_error()
    {
        var name = await StartAsync("true");
        var copy = await Daemon.BockAsync("cp", $"{name}:/no/such/file", "/tmp/never-written-by-bock");
        Assert.Equal(1, copy.ExitCode);
        Assert.Contains("Could not find the file /no/such/file", copy.Stderr);
        Assert.False(File.Exists("/tmp/never-written-by-bock"));
        await Daemon.BockAsync("rm", "-f", name);
    }

    [Fact]
    public async Task Export_is_the_containers_whole_filesystem_with_its_changes()
    {
        var name = await StartAsync("echo changed > /root/marker");
        var listing = await Shell.ShAsync($"{BockDaemon.Cli} -H {Daemon.Host} export {name} | tar -t");
        Assert.True(listing.ExitCode == 0, listing.ToString());
        Assert.Contains("bin/busybox\n", listing.Stdout);
        Assert.Contains("root/marker\n", listing.Stdout);
        await Daemon.BockAsync("rm", "-f", name);
    }

    [Fact]
    public async Task Ps_filters_and_container_prune_select_as_docker_does()
    {
        var running = Names.Unique("filter-run");
        var exited = Names.Unique("filter-exit");
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--name", running, "--label", "tier=web", BockDaemon.Image, "sleep", "1000")).ExitCode);
        Assert.Equal(2, (await Daemon.BockAsync("run", "--name", exited, "--label", "tier=batch", BockDaemon.Image, "sh", "-c", "exit 2")).ExitCode);
        Assert.Equal($"{running}\n", (await Daemon.BockAsync("ps", "--filter", "label=tier=web", "--format", "{{.Names}}")).Stdout);
        Assert.Equal($"{exited}\n", (await Daemon.BockAsync("ps", "--filter", "exited=2", "--format", "{{.Names}}")).Stdout);
        Assert.Equal($"{exited}\n", (await Daemon.BockAsync("ps", "-a", "--filter", $"name={exited}", "--format", "{{.Names}}")).Stdout);
        var bad = await Daemon.BockAsync("ps", "--filter", "colour=red");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("invalid filter 'colour'", bad.Stderr);

        var prune = await Daemon.BockAsync("container", "prune", "-f", "--filter", "label=tier=batch");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("Deleted Containers:", prune.Stdout);
        Assert.Equal("", (await Daemon.BockAsync("ps", "-a", "--filter", $"name={exited}", "-q")).Stdout);
        Assert.Equal($"{running}\n", (await Daemon.BockAsync("ps", "--filter", $"name={running}", "--format", "{{.Names}}")).Stdout);
        await Daemon.BockAsync("rm", "-f", running);
    }

    /// <summary>A running container that first ran <paramref name="setup"/>.</summary>
    private async Task<string> StartAsync(string setup)
    {
        var name = Names.Unique("files");
        var run = await Daemon.BockAsync("run", "-d", "--name", name, BockDaemon.Image, "sh", "-c", $"{setup}; touch /tmp/.ready; sleep 1000");
        Assert.True(run.ExitCode == 0, run.ToString());
        await Eventually.TrueAsync(async () => (await Daemon.BockAsync("cp", $"{name}:/tmp/.ready", "-")).ExitCode == 0, TimeSpan.FromSeconds(10), "setup done");
        return name;
    }
}
