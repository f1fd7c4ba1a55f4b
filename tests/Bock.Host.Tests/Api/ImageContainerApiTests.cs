using System.Net;
using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

/// <summary>Containers created from a stored image: the bundle bockd writes, and what removal takes away (recording runtime and mounter).</summary>
public sealed class ImageContainerApiTests
{
    [Fact]
    public async Task The_spec_merges_the_image_config_with_the_request_as_Docker_does()
    {
        var runtime = new RecordingContainerRuntime();
        var mounter = new RecordingRootfsMounter();
        await using var daemon = await Daemon.StartAsync(runtime, mounter: mounter);
        var imageId = await BusyboxImage.ImportAsync(daemon, "busybox", "latest", "ENV A=image", "ENV B=image", "WORKDIR /srv", "ENTRYPOINT [\"/bin/sh\", \"-c\"]", "LABEL from=image", "VOLUME /cache");
        var bind = Path.Combine(daemon.Directory, "host-dir");
        Directory.CreateDirectory(bind);

        var body = $$$"""
        {
          "Image": "busybox", "Cmd": ["echo hi"], "Env": ["B=request", "C=request"], "User": "nobody", "Tty": true, "OpenStdin": true,
          "Labels": {"from": "request", "extra": "x"}, "StopTimeout": 3, "Volumes": {"/anon-cli": {}},
          "HostConfig": {
            "Binds": [{{{JsonSerializer.Serialize(bind + ":/host:ro")}}}, "named:/data"],
            "Mounts": [{"Type": "tmpfs", "Target": "/scratch", "TmpfsOptions": {"SizeBytes": 1048576}}],
            "Tmpfs": {"/run": "size=64k"},
            "Memory": 67108864, "NanoCpus": 500000000, "PidsLimit": 64, "CapAdd": ["SYS_ADMIN"], "CapDrop": ["net_raw"],
            "SecurityOpt": ["no-new-privileges"], "Ulimits": [{"Name": "nproc", "Soft": 100, "Hard": 200}], "Init": true, "ReadonlyRootfs": true
          }
        }
        """;
        using var create = await daemon.PostJsonAsync("containers/create?name=merged", body);
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var id = (await Daemon.JsonAsync(create)).GetProperty("Id").GetString()!;
        var bundle = Path.Combine(daemon.Options.Root, "containers", id);
        Assert.Equal(bundle, Assert.IsType<RuntimeCall.Create>(runtime.CallsFor(id)[^1], exactMatch: false).BundlePath);
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bundle, "config.json")));
        var spec = config.RootElement;
        var process = spec.GetProperty("process");

        Assert.Equal(["/sbin/docker-init", "--", "/bin/sh", "-c", "echo hi"], process.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        var env = process.GetProperty("env").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("A=image", env);
        Assert.Contains("B=request", env);
        Assert.DoesNotContain("B=image", env);
        Assert.Contains("C=request", env);
        Assert.Contains("TERM=xterm", env);
        Assert.Contains($"HOSTNAME={id[..12]}", env);
        Assert.Equal("/srv", process.GetProperty("cwd").GetString());
        Assert.Equal(65534u, process.GetProperty("user").GetProperty("uid").GetUInt32());
        Assert.Equal(65534u, process.GetProperty("user").GetProperty("gid").GetUInt32());
        Assert.True(process.GetProperty("terminal").GetBoolean());
        Assert.True(process.GetProperty("noNewPrivileges").GetBoolean());
        var caps = process.GetProperty("capabilities").GetProperty("bounding").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("CAP_SYS_ADMIN", caps);
        Assert.Contains("CAP_CHOWN", caps);
        Assert.DoesNotContain("CAP_NET_RAW", caps);
        Assert.Contains(process.GetProperty("rlimits").EnumerateArray(), r => r.GetProperty("type").GetString() == "RLIMIT_NPROC" && r.GetProperty("hard").GetInt64() == 200);
        Assert.Equal("true", spec.GetProperty("annotations").GetProperty("io.bock.open-stdin").GetString());
        Assert.Equal(Path.Combine(bundle, "rootfs"), spec.GetProperty("root").GetProperty("path").GetString());
        Assert.True(spec.GetProperty("root").GetProperty("readonly").GetBoolean());

        var resources = spec.GetProperty("linux").GetProperty("resources");
        Assert.Equal(67108864, resources.GetProperty("memory").GetProperty("limit").GetInt64());
        Assert.Equal(2 * 67108864L, resources.GetProperty("memory").GetProperty("swap").GetInt64());
        Assert.Equal(50000, resources.GetProperty("cpu").GetProperty("quota").GetInt64());
        Assert.Equal(64, resources.GetProperty("pids").GetProperty("limit").GetInt64());

        var mounts = spec.GetProperty("mounts").EnumerateArray().ToDictionary(m => m.GetProperty("destination").GetString()!);
        Assert.Equal(bind, mounts["/host"].GetProperty("source").GetString());
        Assert.Contains("ro", mounts["/host"].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(Path.Combine(daemon.Options.Root, "volumes", "named", "_data"), mounts["/data"].GetProperty("source").GetString());
        Assert.Equal("tmpfs", mounts["/scratch"].GetProperty("type").GetString());
        Assert.Contains("size=1048576", mounts["/scratch"].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Contains("size=64k", mounts["/run"].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("/usr/bin/tini-static", mounts["/sbin/docker-init"].GetProperty("source").GetString());
        Assert.Equal(Path.Combine(bundle, "hosts"), mounts["/etc/hosts"].GetProperty("source").GetString());
        Assert.Contains(id[..12], await File.ReadAllTextAsync(Path.Combine(bundle, "hosts")));
        Assert.Equal(id[..12] + "\n", await File.ReadAllTextAsync(Path.Combine(bundle, "hostname")));
        // The image's VOLUME /cache became an anonymous volume.
        var cache = mounts["/cache"].GetProperty("source").GetString()!;
        Assert.StartsWith(Path.Combine(daemon.Options.Root, "volumes"), cache);
        // So did the request's Volumes, which docker CLI sends for -v /path.
        var anonCli = mounts["/anon-cli"].GetProperty("source").GetString()!;
        Assert.StartsWith(Path.Combine(daemon.Options.Root, "volumes"), anonCli);

        var overlay = Assert.Single(mounter.Mounted);
        Assert.Equal(Path.Combine(bundle, "rootfs"), overlay.Key);
        Assert.True(Directory.Exists(Path.Combine(daemon.Options.Root, "snapshots", "active", id)));

        var inspect = await daemon.GetJsonAsync($"containers/{id}/json");
        Assert.Equal("request", inspect.GetProperty("Config").GetProperty("Labels").GetProperty("from").GetString());
        Assert.Equal("nobody", inspect.GetProperty("Config").GetProperty("User").GetString());
        Assert.True(inspect.GetProperty("Config").GetProperty("Tty").GetBoolean());
        Assert.Equal(3, inspect.GetProperty("Config").GetProperty("StopTimeout").GetInt32());
        var listed = Assert.Single((await daemon.GetJsonAsync("containers/json?all=1")).EnumerateArray());
        Assert.Equal(imageId, listed.GetProperty("ImageID").GetString());

        // rm -v: the overlay, the snapshot, the bundle and the anonymous volume go; the named one stays.
        using (var remove = await daemon.Client.DeleteAsync($"containers/{id}?v=1"))
            Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Empty(mounter.Mounted);
        Assert.False(Directory.Exists(Path.Combine(daemon.Options.Root, "snapshots", "active", id)));
        Assert.False(Directory.Exists(bundle));
        Assert.False(Directory.Exists(cache));
        Assert.False(Directory.Exists(anonCli));
        Assert.Equal(["named"], (await daemon.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray().Select(v => v.GetProperty("Name").GetString()));
    }

    [Theory]
    [InlineData("""{"Binds": ["/a:/b:/c:/d"]}""", "invalid volume specification: '/a:/b:/c:/d'")]
    [InlineData("""{"Binds": ["/no/such/dir/anywhere:/data"]}""", "bind source path does not exist: /no/such/dir/anywhere")]
    [InlineData("""{"Binds": ["vol:relative"]}""", "mount path must be absolute")]
    [InlineData("""{"Mounts": [{"Type": "nfs", "Target": "/x"}]}""", "mount type unknown")]
    [InlineData("""{"Memory": 1000}""", "Minimum memory limit allowed is 6MB")]
    [InlineData("""{"Memory": 10000000, "MemorySwap": 5000000}""", "Minimum memoryswap limit should be larger than memory limit")]
    [InlineData("""{"CapAdd": ["NOT_A_CAP"]}""", "unknown capability")]
    [InlineData("""{"SecurityOpt": ["bogus"]}""", "invalid --security-opt: bogus")]
    [InlineData("""{"Binds": ["vol:/data"], "Ulimits": [{"Name": "nofile", "Soft": 10, "Hard": 5}]}""", "ulimit soft limit")]
    public async Task Bad_host_config_is_400_and_leaves_nothing(string hostConfig, string message)
    {
        await AssertRejectedAsync("""{"Image": "busybox", "Cmd": ["true"], "HostConfig": """ + hostConfig + "}", message);
    }

    [Theory]
    [InlineData("nosuchuser", "unable to find user nosuchuser: no matching entries in passwd file")]
    [InlineData("nobody:nosuchgroup", "unable to find group nosuchgroup: no matching entries in group file")]
    public async Task An_unknown_user_is_400_at_create_and_leaves_nothing(string user, string message)
    {
        await AssertRejectedAsync($$$"""{"Image": "busybox", "Cmd": ["true"], "User": "{{{user}}}", "HostConfig": {"Binds": ["made:/data"]}}""", message);
    }

    [Fact]
    public async Task A_create_that_fails_after_the_mount_takes_everything_back()
    {
        var runtime = new RecordingContainerRuntime();
        var mounter = new RecordingRootfsMounter();
        await using var daemon = await Daemon.StartAsync(runtime, mounter: mounter);
        await BusyboxImage.ImportAsync(daemon);
        using (var first = await daemon.PostJsonAsync("containers/create?name=taken", """{"Image": "busybox", "Cmd": ["true"]}"""))
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var second = await daemon.PostJsonAsync("containers/create?name=taken", """{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"Binds": ["/anon"]}}"""))
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Single(mounter.Mounted);
        Assert.Single(Directory.GetDirectories(Path.Combine(daemon.Options.Root, "containers")));
        Assert.Single(Directory.GetDirectories(Path.Combine(daemon.Options.Root, "snapshots", "active")));
        Assert.Empty((await daemon.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray());
    }

    [Fact]
    public async Task Deleting_an_image_a_container_uses_is_a_conflict_unless_forced()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        await BusyboxImage.ImportAsync(daemon);
        using (await daemon.PostJsonAsync("containers/create?name=user", """{"Image": "busybox", "Cmd": ["true"]}""")) { }
        using (var delete = await daemon.Client.DeleteAsync("images/busybox"))
        {
            Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
            Assert.Contains("must force", (await Daemon.JsonAsync(delete)).GetProperty("message").GetString());
        }
        using (var forced = await daemon.Client.DeleteAsync("images/busybox?force=1"))
            Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        // The container's snapshot keeps its layers: it can still be removed cleanly, and so can its root.
        using (var remove = await daemon.Client.DeleteAsync("containers/user"))
            Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
    }

    [Fact]
    public async Task Stop_sends_the_images_stop_signal_and_the_request_overrides_it()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime, mounter: new RecordingRootfsMounter());
        await BusyboxImage.ImportAsync(daemon, "busybox", "latest", "STOPSIGNAL SIGUSR1");
        foreach (var (extra, expected) in new[] { ("", 10), (", \"StopSignal\": \"SIGQUIT\"", 3) })
        {
            using var create = await daemon.PostJsonAsync("containers/create", $$"""{"Image": "busybox", "Cmd": ["true"]{{extra}}}""");
            var id = (await Daemon.JsonAsync(create)).GetProperty("Id").GetString()!;
            using (await daemon.Client.PostAsync($"containers/{id}/start", null)) { }
            using (var stop = await daemon.Client.PostAsync($"containers/{id}/stop", null))
                Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
            Assert.Contains(runtime.CallsFor(id), call => call is RuntimeCall.Kill kill && kill.Signal == expected);
            var inspect = await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "exited");
            Assert.Equal(128 + expected, inspect.GetProperty("State").GetProperty("ExitCode").GetInt32());
        }
    }

    [Fact]
    public async Task AutoRemove_removes_the_container_and_its_anonymous_volumes_when_it_dies()
    {
        var runtime = new RecordingContainerRuntime();
        var mounter = new RecordingRootfsMounter();
        await using var daemon = await Daemon.StartAsync(runtime, mounter: mounter);
        await BusyboxImage.ImportAsync(daemon);
        using var create = await daemon.PostJsonAsync("containers/create", """{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"AutoRemove": true, "Binds": ["/anon"]}}""");
        var id = (await Daemon.JsonAsync(create)).GetProperty("Id").GetString()!;
        Assert.Single((await daemon.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray());
        using (var start = await daemon.Client.PostAsync($"containers/{id}/start", null))
            Assert.Equal(HttpStatusCode.NoContent, start.StatusCode);
        runtime.Exit(id, 0);
        // The record goes with the destroy event; the root and the bundle right after it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await daemon.GetJsonAsync("containers/json?all=1")).GetArrayLength() > 0 || Directory.GetDirectories(Path.Combine(daemon.Options.Root, "containers")).Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the --rm container was not removed: " + string.Join(", ", Directory.GetFileSystemEntries(Path.Combine(daemon.Options.Root, "containers"), "*", SearchOption.AllDirectories)));
            await Task.Delay(50);
        }
        Assert.Empty(mounter.Mounted);
        Assert.Empty((await daemon.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray());
    }

    private static async Task AssertRejectedAsync(string body, string message)
    {
        var mounter = new RecordingRootfsMounter();
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: mounter);
        await BusyboxImage.ImportAsync(daemon);
        using var create = await daemon.PostJsonAsync("containers/create", body);
        var text = (await Daemon.JsonAsync(create)).GetProperty("message").GetString()!;
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains(message, text);
        Assert.DoesNotContain('\n', text);
        Assert.Equal(0, mounter.Mounts);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(daemon.Options.Root, "containers")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(daemon.Options.Root, "snapshots", "active")));
        Assert.Empty((await daemon.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray());
        Assert.Empty((await daemon.GetJsonAsync("containers/json?all=1")).EnumerateArray());
    }
}
