using System.Net;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

public sealed class VolumeApiTests
{
    [Fact]
    public async Task Create_list_inspect_remove_and_prune_in_Docker_shapes()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        using (var create = await daemon.PostJsonAsync("volumes/create", """{"Name": "data", "Labels": {"team": "a"}}"""))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            var volume = await Daemon.JsonAsync(create);
            Assert.Equal("local", volume.GetProperty("Driver").GetString());
            Assert.Equal(Path.Combine(daemon.Options.Root, "volumes", "data", "_data"), volume.GetProperty("Mountpoint").GetString());
            Assert.True(Directory.Exists(volume.GetProperty("Mountpoint").GetString()));
        }
        using (var again = await daemon.PostJsonAsync("volumes/create", """{"Name": "data"}"""))
            Assert.Equal(HttpStatusCode.Created, again.StatusCode); // as Docker: creating an existing volume returns it
        using (var bad = await daemon.PostJsonAsync("volumes/create", """{"Name": "bad/name"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("includes invalid characters for a local volume name", (await Daemon.JsonAsync(bad)).GetProperty("message").GetString());
        }
        using (var plugin = await daemon.PostJsonAsync("volumes/create", """{"Name": "x", "Driver": "nfs"}"""))
            Assert.Equal(HttpStatusCode.NotFound, plugin.StatusCode);

        Assert.Equal("a", (await daemon.GetJsonAsync("volumes/data")).GetProperty("Labels").GetProperty("team").GetString());
        using (var missing = await daemon.Client.GetAsync("volumes/nope"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("get nope: no such volume", (await Daemon.JsonAsync(missing)).GetProperty("message").GetString());
        }

        await BusyboxImage.ImportAsync(daemon);
        using var container = await daemon.PostJsonAsync("containers/create", """{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"Binds": ["data:/data", "/anon"]}}""");
        var id = (await Daemon.JsonAsync(container)).GetProperty("Id").GetString()!;
        var listed = (await daemon.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray().Select(v => v.GetProperty("Name").GetString()!).ToList();
        Assert.Equal(2, listed.Count);
        var anonymous = listed.Single(n => n != "data");
        Assert.Matches("^[0-9a-f]{64}$", anonymous);
        var filtered = await daemon.GetJsonAsync("volumes?filters=" + Uri.EscapeDataString("""{"label":["team=a"]}"""));
        Assert.Equal("data", Assert.Single(filtered.GetProperty("Volumes").EnumerateArray()).GetProperty("Name").GetString());

        using (var inUse = await daemon.Client.DeleteAsync("volumes/data"))
        {
            Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
            Assert.Contains(id, (await Daemon.JsonAsync(inUse)).GetProperty("message").GetString());
        }
        using (var prune = await daemon.PostJsonAsync("volumes/prune", ""))
            Assert.Empty((await Daemon.JsonAsync(prune)).GetProperty("VolumesDeleted").EnumerateArray());

        using (await daemon.Client.DeleteAsync($"containers/{id}")) { }
        var dangling = await daemon.GetJsonAsync("volumes?filters=" + Uri.EscapeDataString("""{"dangling":["true"]}"""));
        Assert.Equal(2, dangling.GetProperty("Volumes").GetArrayLength());
        // Docker 23+: prune takes anonymous volumes only, unless all=true.
        using (var prune = await daemon.PostJsonAsync("volumes/prune", ""))
            Assert.Equal(anonymous, Assert.Single((await Daemon.JsonAsync(prune)).GetProperty("VolumesDeleted").EnumerateArray()).GetString());
        using (var pruneAll = await daemon.PostJsonAsync("volumes/prune?filters=" + Uri.EscapeDataString("""{"all":["true"]}"""), ""))
            Assert.Equal("data", Assert.Single((await Daemon.JsonAsync(pruneAll)).GetProperty("VolumesDeleted").EnumerateArray()).GetString());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(daemon.Options.Root, "volumes")));
    }
}
