using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// version, info, system df, system prune and image prune -a: each on a daemon of its own, because they count or
/// remove everything the daemon has.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class SystemCliTests
{
    [Fact]
    public async Task Version_shows_the_client_and_the_daemon_it_talks_to()
    {
        await using var daemon = await BockDaemon.StartAsync(withBusybox: false);
        var version = await daemon.BockAsync("version");
        Assert.True(version.ExitCode == 0, version.ToString());
        var text = version.Stdout;
        Assert.StartsWith("Client:\n Version:     ", text);
        Assert.Contains("Server: Bock\n", text);
        Assert.Contains(" API version: 1.43 (minimum version ", text);
        Assert.Contains($" Kernel:      {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}\n", text); // the daemon's host, asked

        // No daemon behind the socket: the client half still prints, then one clear error and exit 1.
        var missing = Path.Combine(daemon.Directory, "no-daemon.sock");
        var alone = await Shell.RunAsync(BockDaemon.Cli, ["-H", "unix://" + missing, "version"]);
        Assert.Equal(1, alone.ExitCode);
        Assert.StartsWith("Client:", alone.Stdout);
        Assert.DoesNotContain("Server:", alone.Stdout);
        Assert.Contains(missing, alone.Stderr);
    }

    [Fact]
    public async Task Info_counts_the_daemons_containers_and_images_and_names_its_root()
    {
        await using var daemon = await BockDaemon.StartAsync();
        Assert.Equal(0, (await daemon.BockAsync("run", "-d", BockDaemon.Image, "sleep", "1000")).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("run", BockDaemon.Image, "true")).ExitCode);
        var paused = (await daemon.BockAsync("run", "-d", BockDaemon.Image, "sleep", "1000")).Stdout.Trim();
        Assert.Equal(0, (await daemon.BockAsync("pause", paused)).ExitCode);

        var info = await daemon.BockAsync("info");
        Assert.True(info.ExitCode == 0, info.ToString());
        var fields = info.Stdout.Split('\n').Where(l => l.Contains(": ")).Select(l => l.Trim().Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("3", fields["Containers"]);
        Assert.Equal("1", fields["Running"]);
        Assert.Equal("1", fields["Paused"]);
        Assert.Equal("1", fields["Stopped"]);
        Assert.Equal("1", fields["Images"]);
        Assert.Equal(daemon.Root, fields["Docker Root Dir"]);
        Assert.Equal(Directory.Exists("/sys/fs/cgroup/memory") ? "1" : "2", fields["Cgroup Version"]);
        Assert.Equal(Environment.ProcessorCount.ToString(), fields["CPUs"]);
        Assert.Equal("linux", fields["OSType"]);
        Assert.Equal(0, (await daemon.BockAsync("unpause", paused)).ExitCode);
    }

    [Fact]
    public async Task System_df_totals_images_containers_and_volumes_and_what_is_in_use()
    {
        await using var daemon = await BockDaemon.StartAsync();
        var volume = Names.Unique("dfvol");
        Assert.Equal(0, (await daemon.BockAsync("run", "-d", "-v", $"{volume}:/data", BockDaemon.Image, "sh", "-c", "head -c 300000 /dev/zero > /data/blob; sleep 1000")).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("run", BockDaemon.Image, "sh", "-c", "head -c 200000 /dev/zero > /root/rw")).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("volume", "create", Names.Unique("unused"))).ExitCode);

        string[][] rows = [];
        await Eventually.TrueAsync(async () =>
        {
            var df = await daemon.BockAsync("system", "df");
            Assert.True(df.ExitCode == 0, df.ToString());
            rows = df.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            return rows.Any(r => r[0] == "Local Volumes" && r[3] != "0B"); // the blob is written a moment after run -d returns
        }, TimeSpan.FromSeconds(10), "the volume's blob counted");
        Assert.Equal(["TYPE", "TOTAL", "ACTIVE", "SIZE"], rows[0]);
        var byType = rows.Skip(1).ToDictionary(r => r[0]);
        Assert.Equal(["1", "1"], byType["Images"][1..3]); // busybox, used by both containers
        Assert.NotEqual("0B", byType["Images"][3]);
        Assert.Equal(["2", "1"], byType["Containers"][1..3]);
        Assert.EndsWith("kB", byType["Containers"][3]); // the 200 kB written into a container's own layer
        Assert.Equal(["2", "1"], byType["Local Volumes"][1..3]);
        Assert.EndsWith("kB", byType["Local Volumes"][3]);
    }

    [Fact]
    public async Task System_prune_removes_stopped_containers_unused_networks_and_dangling_images_and_keeps_the_rest()
    {
        await using var daemon = await BockDaemon.StartAsync();
        var running = Names.Unique("keep");
        var stopped = Names.Unique("gone");
        var network = Names.Unique("unused-net");
        var volume = Names.Unique("named");
        Assert.Equal(0, (await daemon.BockAsync("run", "-d", "--name", running, BockDaemon.Image, "sleep", "1000")).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("run", "--name", stopped, "-v", "/anon", BockDaemon.Image, "true")).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("network", "create", network)).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("volume", "create", volume)).ExitCode);
        var dangling = await DanglingImageAsync(daemon);

        var prune = await daemon.BockAsync("system", "prune", "-f");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("Total reclaimed space:", prune.Stdout);
        Assert.Equal($"{running}\n", (await daemon.BockAsync("ps", "-a", "--format", "{{.Names}}")).Stdout);
        Assert.NotEqual(0, (await daemon.BockAsync("network", "inspect", network)).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("network", "inspect", "bridge")).ExitCode); // predefined networks stay
        Assert.NotEqual(0, (await daemon.BockAsync("image", "inspect", dangling)).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("image", "inspect", BockDaemon.Image)).ExitCode);
        var volumes = (await daemon.BockAsync("volume", "ls", "-q")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, volumes.Length); // without --volumes: the named one and the stopped container's anonymous one

        var withVolumes = await daemon.BockAsync("system", "prune", "-f", "--volumes");
        Assert.True(withVolumes.ExitCode == 0, withVolumes.ToString());
        // Docker's volume prune removes anonymous volumes only: a named volume is kept unless asked for by name.
        Assert.Equal($"{volume}\n", (await daemon.BockAsync("volume", "ls", "-q")).Stdout);
        Assert.Equal($"{running}\n", (await daemon.BockAsync("ps", "-a", "--format", "{{.Names}}")).Stdout);
    }

    [Fact]
    public async Task Image_prune_all_removes_every_image_no_container_uses()
    {
        await using var daemon = await BockDaemon.StartAsync();
        Assert.Equal(0, (await daemon.BockAsync("tag", BockDaemon.Image, "e2e/used:v1")).ExitCode);
        var unused = (await daemon.BockAsync("import", BusyboxTar.Path, "e2e/unused:v1")).Stdout.Trim();
        Assert.StartsWith("sha256:", unused);
        Assert.Equal(0, (await daemon.BockAsync("create", BockDaemon.Image, "true")).ExitCode);

        var prune = await daemon.BockAsync("image", "prune", "-a", "-f");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("untagged: e2e/unused:v1", prune.Stdout);
        Assert.NotEqual(0, (await daemon.BockAsync("image", "inspect", "e2e/unused:v1")).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("image", "inspect", BockDaemon.Image)).ExitCode); // a container uses it
        Assert.Equal(0, (await daemon.BockAsync("image", "inspect", "e2e/used:v1")).ExitCode);
    }

    /// <summary>An image that lost its only name: imported twice under one name, the first import is dangling.</summary>
    private static async Task<string> DanglingImageAsync(BockDaemon daemon)
    {
        var name = "e2e/" + Names.Unique("twice") + ":v1";
        var container = Names.Unique("src");
        Assert.Equal(0, (await daemon.BockAsync("run", "--name", container, BockDaemon.Image, "touch", "/different")).ExitCode);
        var tar = Path.Combine(daemon.Directory, "different.tar");
        Assert.Equal(0, (await daemon.BockAsync("export", "-o", tar, container)).ExitCode);
        Assert.Equal(0, (await daemon.BockAsync("rm", container)).ExitCode);
        var first = (await daemon.BockAsync("import", tar, name)).Stdout.Trim();
        Assert.Equal(0, (await daemon.BockAsync("import", BusyboxTar.Path, name)).ExitCode);
        Assert.NotEqual(first, (await daemon.BockAsync("image", "inspect", "-f", "{{.Id}}", name)).Stdout.Trim());
        Assert.Equal(0, (await daemon.BockAsync("image", "inspect", first)).ExitCode);
        File.Delete(tar);
        return first;
    }
}
