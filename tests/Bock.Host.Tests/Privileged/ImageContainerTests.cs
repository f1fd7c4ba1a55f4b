using System.Net;
using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Privileged;

/// <summary>Containers from a stored image over the real bock-oci and real overlay mounts: root and a real kernel (CI runs this as root).</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class ImageContainerTests
{
    [Fact]
    public async Task A_container_from_an_image_runs_on_its_overlay_and_removal_leaves_no_mount_or_snapshot()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        var id = await CreateAsync(daemon, """{"Image": "busybox", "Cmd": ["sh", "-c", "echo written > /in-upper; test \"$(hostname)\" = named-box && grep -q named-box /etc/hosts && exit 3"], "Hostname": "named-box"}""");
        var rootfs = Path.Combine(daemon.Options.Root, "containers", id, "rootfs");
        Assert.Contains(rootfs, Daemon.MountsUnder(daemon.Directory));

        Assert.Equal(3, await RunAsync(daemon, id));
        // The write went to the container's upper layer, not to the image's.
        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(daemon.Options.Root, "snapshots", "active", id, "upper", "in-upper")));

        using (var delete = await daemon.Client.DeleteAsync($"containers/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(Daemon.MountsUnder(daemon.Directory));
        Assert.False(Directory.Exists(Path.Combine(daemon.Options.Root, "snapshots", "active", id)), "the snapshot was left behind");
        Assert.False(Directory.Exists(Path.Combine(daemon.Options.Root, "containers", id)), "the bundle was left behind");
        Assert.DoesNotContain(Directory.GetDirectories("/sys/fs/cgroup"), h => Directory.Exists(Path.Combine(h, "bock", id)));
    }

    [Fact]
    public async Task A_bind_mount_and_a_named_volume_keep_data_across_two_containers()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        var bind = Path.Combine(daemon.Directory, "shared");
        Directory.CreateDirectory(bind);
        var mounts = $$"""{"Binds": [{{JsonSerializer.Serialize(bind + ":/bind")}}, "keep:/data"]}""";

        var writer = await CreateAsync(daemon, $$"""{"Image": "busybox", "Cmd": ["sh", "-c", "echo one > /data/f && echo two > /bind/g"], "HostConfig": {{mounts}}}""");
        Assert.Equal(0, await RunAsync(daemon, writer));
        using (await daemon.Client.DeleteAsync($"containers/{writer}?v=1")) { }
        Assert.Equal("two\n", await File.ReadAllTextAsync(Path.Combine(bind, "g")));

        var reader = await CreateAsync(daemon, $$"""{"Image": "busybox", "Cmd": ["sh", "-c", "test \"$(cat /data/f)\" = one && test \"$(cat /bind/g)\" = two"], "HostConfig": {{mounts}}}""");
        Assert.Equal(0, await RunAsync(daemon, reader));
        using (var inUse = await daemon.Client.DeleteAsync("volumes/keep"))
            Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        using (await daemon.Client.DeleteAsync($"containers/{reader}")) { }
        using (var delete = await daemon.Client.DeleteAsync("volumes/keep"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(Daemon.MountsUnder(daemon.Directory));
    }

    [Fact]
    public async Task User_readonly_root_init_and_a_volume_filled_from_the_image()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        // The image's /etc becomes the volume's first content, as Docker fills a new volume.
        var id = await CreateAsync(daemon, """
            {"Image": "busybox", "User": "nobody",
             "Cmd": ["sh", "-c", "test $(id -u) = 65534 && test $(id -g) = 65534 && ! touch /x 2>/dev/null && test -f /etc/passwd && test \"$(cat /proc/1/comm)\" = docker-init"],
             "HostConfig": {"ReadonlyRootfs": true, "Init": true, "Binds": ["seeded:/seeded"], "Mounts": [{"Type": "volume", "Source": "seeded2", "Target": "/etc"}]}}
            """);
        Assert.Equal(0, await RunAsync(daemon, id));
        using (await daemon.Client.DeleteAsync($"containers/{id}")) { }
        Assert.True(File.Exists(Path.Combine(daemon.Options.Root, "volumes", "seeded2", "_data", "passwd")), "the volume was not filled from the image");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(daemon.Options.Root, "volumes", "seeded", "_data")));
        Assert.Empty(Daemon.MountsUnder(daemon.Directory));
    }

    [Fact]
    public async Task Docker_default_seccomp_filter_applies_unless_unconfined_or_privileged()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        const string filtered = "grep -q '^Seccomp:[[:space:]]*2' /proc/self/status";
        Assert.Equal(0, await RunAsync(daemon, await CreateAsync(daemon, $$"""{"Image": "busybox", "Cmd": ["sh", "-c", "{{filtered}}"]}""")));
        Assert.Equal(1, await RunAsync(daemon, await CreateAsync(daemon, $$$"""{"Image": "busybox", "Cmd": ["sh", "-c", "{{{filtered}}}"], "HostConfig": {"SecurityOpt": ["seccomp=unconfined"]}}""")));
        Assert.Equal(1, await RunAsync(daemon, await CreateAsync(daemon, $$$"""{"Image": "busybox", "Cmd": ["sh", "-c", "{{{filtered}}}"], "HostConfig": {"Privileged": true}}""")));
    }

    [Fact]
    public async Task Network_none_has_only_loopback_and_host_network_sees_the_hosts_links_and_resolv_conf()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        // The host's uplink (its default route's device); counting links would race with other tests' veths.
        var uplink = File.ReadLines("/proc/net/route").Skip(1).Select(l => l.Split('\t')).FirstOrDefault(f => f.Length > 1 && f[1] == "00000000")?[0];
        Assert.True(uplink is not null, "the host needs a default route for this test");
        Assert.Equal(0, await RunAsync(daemon, await CreateAsync(daemon, """{"Image": "busybox", "Cmd": ["sh", "-c", "test $(ip -o link | wc -l) = 1"], "HostConfig": {"NetworkMode": "none"}}""")));
        var onHost = await CreateAsync(daemon, $$$"""{"Image": "busybox", "Cmd": ["sh", "-c", "ip -o link show {{{uplink}}} && test \"$(hostname)\" = {{{Environment.MachineName}}}"], "HostConfig": {"NetworkMode": "host"}}""");
        Assert.Equal(0, await RunAsync(daemon, onHost));
        Assert.Equal(await File.ReadAllTextAsync("/etc/resolv.conf"), await File.ReadAllTextAsync(Path.Combine(daemon.Options.Root, "containers", onHost, "resolv.conf")));
    }

    [Fact]
    public async Task Stop_uses_the_containers_stop_signal()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        var id = await CreateAsync(daemon, """{"Image": "busybox", "StopSignal": "SIGUSR1", "Cmd": ["sh", "-c", "trap 'exit 42' USR1; while :; do sleep 0.1; done"]}""");
        using (var start = await daemon.Client.PostAsync($"containers/{id}/start", null))
            Assert.Equal(HttpStatusCode.NoContent, start.StatusCode);
        await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "running");
        await Task.Delay(300); // the trap is set once the shell runs
        using (var stop = await daemon.Client.PostAsync($"containers/{id}/stop?t=10", null))
            Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        var inspect = await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "exited");
        Assert.Equal(42, inspect.GetProperty("State").GetProperty("ExitCode").GetInt32());
    }

    [Fact]
    public async Task AutoRemove_leaves_nothing_once_the_container_exits()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        var id = await CreateAsync(daemon, """{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"AutoRemove": true}}""");
        Assert.Equal(0, await RunAsync(daemon, id));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Directory.Exists(Path.Combine(daemon.Options.Root, "containers", id)) || Daemon.MountsUnder(daemon.Directory).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the --rm container was not removed");
            await Task.Delay(50);
        }
        Assert.Empty((await daemon.GetJsonAsync("containers/json?all=1")).EnumerateArray());
        Assert.Empty(Directory.GetDirectories(Path.Combine(daemon.Options.Root, "snapshots", "active")));
    }

    [Fact]
    public async Task Bad_input_leaves_no_mount_snapshot_bundle_or_volume()
    {
        await using var host = await StartAsync();
        var daemon = host.Daemon;
        await BusyboxImage.ImportAsync(daemon);
        foreach (var body in new[]
        {
            """{"Image": "busybox", "Cmd": ["true"], "User": "ghost", "HostConfig": {"Binds": ["fresh:/data"]}}""",
            """{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"Binds": ["fresh:/data", "/no/such/source:/x"]}}""",
            """{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"Memory": 5}}""",
        })
        {
            using var create = await daemon.PostJsonAsync("containers/create", body);
            Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        }
        Assert.Empty(Daemon.MountsUnder(daemon.Directory));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(daemon.Options.Root, "containers")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(daemon.Options.Root, "snapshots", "active")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(daemon.Options.Root, "volumes")));
    }

    private static async Task<string> CreateAsync(Daemon daemon, string body)
    {
        using var create = await daemon.PostJsonAsync("containers/create", body);
        Assert.True(create.StatusCode == HttpStatusCode.Created, await create.Content.ReadAsStringAsync());
        return (await Daemon.JsonAsync(create)).GetProperty("Id").GetString()!;
    }

    private static async Task<int> RunAsync(Daemon daemon, string id)
    {
        using (var start = await daemon.Client.PostAsync($"containers/{id}/start", null))
            Assert.True(start.StatusCode == HttpStatusCode.NoContent, await start.Content.ReadAsStringAsync());
        using var wait = await daemon.Client.PostAsync($"containers/{id}/wait", null);
        return (await Daemon.JsonAsync(wait)).GetProperty("StatusCode").GetInt32();
    }

    private static async Task<PrivilegedDaemon> StartAsync()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        return new PrivilegedDaemon(await Daemon.StartRealAsync());
    }

    /// <summary>Removes what a failed test left (containers first, so that their mounts go) before the daemon stops.</summary>
    private sealed class PrivilegedDaemon(Daemon daemon) : IAsyncDisposable
    {
        public Daemon Daemon => daemon;

        public async ValueTask DisposeAsync()
        {
            try
            {
                foreach (var c in (await daemon.GetJsonAsync("containers/json?all=1")).EnumerateArray())
                    using (await daemon.Client.DeleteAsync($"containers/{c.GetProperty("Id").GetString()}?force=1&v=1")) { }
            }
            finally
            {
                await daemon.DisposeAsync();
            }
        }
    }
}
