using System.Net;
using Bock.Actors.Kernel;
using System.Text.Json;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

/// <summary>Docker's Mounts in container inspect and in the container list, kept across a daemon restart.</summary>
public sealed class ContainerMountsApiTests
{
    private static IReadOnlyList<(string Type, string? Name, string Source, string Destination, string? Driver, string Mode, bool RW, string Propagation)> Mounts(JsonElement container) =>
    [
        .. container.GetProperty("Mounts").EnumerateArray().Select(m => (
            m.GetProperty("Type").GetString()!,
            m.TryGetProperty("Name", out var name) ? name.GetString() : null,
            m.GetProperty("Source").GetString()!,
            m.GetProperty("Destination").GetString()!,
            m.TryGetProperty("Driver", out var driver) ? driver.GetString() : null,
            m.GetProperty("Mode").GetString()!,
            m.GetProperty("RW").GetBoolean(),
            m.GetProperty("Propagation").GetString()!))
            .OrderBy(m => m.Item4, StringComparer.Ordinal),
    ];

    [Fact]
    public async Task Inspect_and_the_list_show_each_bind_volume_and_tmpfs_where_it_is_mounted_also_after_a_restart()
    {
        var directory = Path.Combine("/tmp", "bh-" + Guid.NewGuid().ToString("N")[..8]);
        var host = Directory.CreateTempSubdirectory("bock-bind").FullName;
        try
        {
            string id;
            IReadOnlyList<(string Type, string? Name, string Source, string Destination, string? Driver, string Mode, bool RW, string Propagation)> expected;
            var first = await Daemon.StartAsync(new RecordingContainerRuntime(), directory, new RecordingRootfsMounter());
            try
            {
                await BusyboxImage.ImportAsync(first);
                using var created = await first.PostJsonAsync("containers/create", $$$"""
                    {"Image": "busybox", "Cmd": ["true"], "Volumes": {"/anon": {}},
                     "HostConfig": {"Binds": ["data:/data", "{{{host}}}:/host:ro,rslave"], "Tmpfs": {"/run/t": "size=1m"} } }
                    """);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                id = (await Daemon.JsonAsync(created)).GetProperty("Id").GetString()!;
                var anonymous = (await first.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray()
                    .Select(v => v.GetProperty("Name").GetString()!).Single(n => n != "data");
                var volumes = Path.Combine(first.Options.Root, "volumes");
                expected =
                [
                    ("volume", anonymous, Path.Combine(volumes, anonymous, "_data"), "/anon", "local", "", true, ""),
                    ("volume", "data", Path.Combine(volumes, "data", "_data"), "/data", "local", "", true, ""),
                    ("bind", null, host, "/host", null, "ro", false, "rslave"),
                    ("tmpfs", null, "", "/run/t", null, "", true, ""),
                ];
                Assert.Equal(expected, Mounts(await first.GetJsonAsync($"containers/{id}/json")));
                Assert.Equal(expected, Mounts((await first.GetJsonAsync("containers/json?all=1")).EnumerateArray().Single()));
            }
            finally
            {
                await first.AbandonAsync();
            }

            // bock.db keeps them: a new daemon over the same root shows the same.
            await using var second = await Daemon.StartAsync(new RecordingContainerRuntime(), directory, new RecordingRootfsMounter());
            Assert.Equal(expected, Mounts(await second.GetJsonAsync($"containers/{id}/json")));
        }
        finally
        {
            Directory.Delete(host, recursive: true);
        }
    }

    [Fact]
    public async Task An_anonymous_volume_mounted_by_name_stays_anonymous_and_rm_v_keeps_it_while_another_container_mounts_it()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        await BusyboxImage.ImportAsync(daemon);
        async Task<string> CreateAsync(string binds)
        {
            using var created = await daemon.PostJsonAsync("containers/create", $$$"""{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"Binds": [{{{binds}}}]}}""");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await Daemon.JsonAsync(created)).GetProperty("Id").GetString()!;
        }
        async Task<IReadOnlyList<string>> VolumesAsync() =>
            [.. (await daemon.GetJsonAsync("volumes")).GetProperty("Volumes").EnumerateArray().Select(v => v.GetProperty("Name").GetString()!)];

        var old = await CreateAsync("\"/data\"");
        var volume = Assert.Single(await VolumesAsync());
        // compose's recreate: the next replica mounts the old one's volume by name, while the old one still exists.
        var next = await CreateAsync($"\"{volume}:/data\"");
        Assert.Equal(volume, Mounts(await daemon.GetJsonAsync($"containers/{next}/json")).Single().Name);

        using (await daemon.Client.DeleteAsync($"containers/{old}?v=1")) { }
        Assert.Equal([volume], await VolumesAsync());
        using (await daemon.Client.DeleteAsync($"containers/{next}?v=1")) { }
        Assert.Empty(await VolumesAsync());
    }
}
