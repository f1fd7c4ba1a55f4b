using System.Net;
using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

/// <summary>The image endpoints over a real image store (a busybox image imported as docker import does).</summary>
public sealed class ImageApiTests
{
    [Fact]
    public async Task Import_list_inspect_tag_history_and_delete_in_Docker_shapes()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        var id = await BusyboxImage.ImportAsync(daemon, changes: "ENV GREETING=hi");

        Assert.Equal(1, (await daemon.GetJsonAsync("info")).GetProperty("Images").GetInt32());
        var list = await daemon.GetJsonAsync("v1.43/images/json");
        var image = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, image.GetProperty("Id").GetString());
        Assert.Equal(["busybox:latest"], image.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(image.GetProperty("Size").GetInt64() > 100_000);

        foreach (var name in new[] { "busybox", "busybox:latest", "docker.io/library/busybox:latest", id, id[7..], id[7..19] })
        {
            var inspect = await daemon.GetJsonAsync($"images/{name}/json");
            Assert.Equal(id, inspect.GetProperty("Id").GetString());
            Assert.Equal(["sh"], inspect.GetProperty("Config").GetProperty("Cmd").EnumerateArray().Select(c => c.GetString()));
            Assert.Contains("GREETING=hi", inspect.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal("linux", inspect.GetProperty("Os").GetString());
            Assert.Single(inspect.GetProperty("RootFS").GetProperty("Layers").EnumerateArray());
        }

        using (var tag = await daemon.Client.PostAsync("images/busybox/tag?repo=localhost:5000/team/box&tag=v1", null))
            Assert.Equal(HttpStatusCode.Created, tag.StatusCode);
        var tags = (await daemon.GetJsonAsync($"images/{id}/json")).GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(["busybox:latest", "localhost:5000/team/box:v1"], tags);
        Assert.Equal(id, (await daemon.GetJsonAsync("images/localhost:5000/team/box:v1/json")).GetProperty("Id").GetString());
        var filtered = await daemon.GetJsonAsync("images/json?filters=" + Uri.EscapeDataString("""{"reference":["localhost:5000/team/*"]}"""));
        Assert.Single(filtered.EnumerateArray());
        var none = await daemon.GetJsonAsync("images/json?filters=" + Uri.EscapeDataString("""{"dangling":["true"]}"""));
        Assert.Empty(none.EnumerateArray());

        var commented = await BusyboxImage.ImportWithMessageAsync(daemon, "made by hand", "commented");
        Assert.Equal("made by hand", (await daemon.GetJsonAsync("images/commented/history")).EnumerateArray().First().GetProperty("Comment").GetString());
        using (await daemon.Client.DeleteAsync($"images/{commented}")) { }

        var history = await daemon.GetJsonAsync("images/busybox/history");
        var top = history.EnumerateArray().First();
        Assert.Equal(id, top.GetProperty("Id").GetString());
        Assert.Equal("bock import", top.GetProperty("CreatedBy").GetString());
        Assert.True(top.GetProperty("Size").GetInt64() > 0);

        // Two names: the first delete only untags; deleting by id with two names needs force.
        using (var byId = await daemon.Client.DeleteAsync($"images/{id[7..19]}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, byId.StatusCode);
            Assert.Contains("must be forced", await byId.Content.ReadAsStringAsync());
        }
        using (var untag = await daemon.Client.DeleteAsync("images/localhost:5000/team/box:v1"))
        {
            var items = await Daemon.JsonAsync(untag);
            Assert.Equal("localhost:5000/team/box:v1", Assert.Single(items.EnumerateArray()).GetProperty("Untagged").GetString());
        }
        using (var delete = await daemon.Client.DeleteAsync("images/busybox"))
        {
            var items = (await Daemon.JsonAsync(delete)).EnumerateArray().ToList();
            Assert.Equal("busybox:latest", items[0].GetProperty("Untagged").GetString());
            Assert.Equal(id, items[1].GetProperty("Deleted").GetString());
        }
        using (var gone = await daemon.Client.GetAsync("images/busybox/json"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            // docker CLI reads the message only from exactly this content type.
            Assert.Equal("application/json", gone.Content.Headers.ContentType?.ToString());
            Assert.Equal("No such image: busybox", (await Daemon.JsonAsync(gone)).GetProperty("message").GetString());
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(daemon.Options.Root, "content", "blobs", "sha256")));
    }

    [Fact]
    public async Task Save_then_load_gives_the_same_image_back()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        var id = await BusyboxImage.ImportAsync(daemon);
        byte[] archive;
        using (var save = await daemon.Client.GetAsync("images/get?names=busybox"))
        {
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
            archive = await save.Content.ReadAsByteArrayAsync();
        }
        using (await daemon.Client.DeleteAsync("images/busybox")) { }
        using (var gone = await daemon.Client.GetAsync($"images/{id}/json"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var load = await daemon.Client.PostAsync("images/load?quiet=0", new ByteArrayContent(archive));
        var lines = await BusyboxImage.ProgressLinesAsync(load);
        Assert.Equal("Loaded image: busybox:latest\n", Assert.Single(lines).GetProperty("stream").GetString());
        Assert.Equal(id, (await daemon.GetJsonAsync("images/busybox/json")).GetProperty("Id").GetString());

        // The same archive through /images/{name}/get, as docker save NAME asks for it.
        using var again = await daemon.Client.GetAsync($"images/{id[7..19]}/get");
        Assert.Equal("application/x-tar", again.Content.Headers.ContentType?.MediaType);
        Assert.True((await again.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task An_image_that_loses_its_name_stays_untagged_until_pruned()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        var first = await BusyboxImage.ImportAsync(daemon);
        var second = await BusyboxImage.ImportAsync(daemon, changes: "ENV X=2");
        Assert.NotEqual(first, second);

        var dangling = await daemon.GetJsonAsync("images/json?filters=" + Uri.EscapeDataString("""{"dangling":["true"]}"""));
        var old = Assert.Single(dangling.EnumerateArray());
        Assert.Equal(first, old.GetProperty("Id").GetString());
        Assert.Empty(old.GetProperty("RepoTags").EnumerateArray());

        using var prune = await daemon.PostJsonAsync("images/prune", "");
        var pruned = await Daemon.JsonAsync(prune);
        Assert.Equal(first, Assert.Single(pruned.GetProperty("ImagesDeleted").EnumerateArray()).GetProperty("Deleted").GetString());
        Assert.Equal(second, Assert.Single((await daemon.GetJsonAsync("images/json")).EnumerateArray()).GetProperty("Id").GetString());
    }

    [Fact]
    public async Task Bad_names_and_unknown_images_get_one_clear_line()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        using (var create = await daemon.PostJsonAsync("containers/create", """{"Image": "nosuchimage:1"}"""))
        {
            Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
            Assert.Equal("No such image: nosuchimage:1", (await Daemon.JsonAsync(create)).GetProperty("message").GetString());
        }
        using (var pull = await daemon.Client.PostAsync("images/create?fromImage=Bad_Name", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, pull.StatusCode);
            Assert.Contains("lowercase", (await Daemon.JsonAsync(pull)).GetProperty("message").GetString());
        }
        using (var tag = await daemon.Client.PostAsync("images/nosuch/tag?repo=x", null))
            Assert.Equal(HttpStatusCode.NotFound, tag.StatusCode);
        using (var delete = await daemon.Client.DeleteAsync("images/nosuch"))
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task System_df_counts_images_containers_and_volumes()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        var id = await BusyboxImage.ImportAsync(daemon);
        using (var create = await daemon.PostJsonAsync("containers/create", """{"Image": "busybox", "HostConfig": {"Binds": ["dfvol:/data"]}}"""))
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var df = await daemon.GetJsonAsync("system/df");
        var image = Assert.Single(df.GetProperty("Images").EnumerateArray());
        Assert.Equal(id, image.GetProperty("Id").GetString());
        Assert.Equal(1, image.GetProperty("Containers").GetInt32());
        Assert.Equal(id, Assert.Single(df.GetProperty("Containers").EnumerateArray()).GetProperty("ImageID").GetString());
        var volume = Assert.Single(df.GetProperty("Volumes").EnumerateArray());
        Assert.Equal("dfvol", volume.GetProperty("Name").GetString());
        Assert.Equal(1, volume.GetProperty("UsageData").GetProperty("RefCount").GetInt64());
        Assert.True(df.GetProperty("LayersSize").GetInt64() > 0);
    }
}
