using Bock.Actors.Kernel;
using Bock.Host.Containers;
using Bock.Host.Images;
using Bock.Host.Networks;
using Bock.Host.Stacks;
using Bock.Host.Tests.Support;
using Bock.Host.Volumes;
using Bockrose.Stacks;
using Microsoft.Extensions.DependencyInjection;

namespace Bock.Host.Tests.Stacks;

/// <summary>What bockrose's recreate reads of a replica: its anonymous volumes and where they are mounted.</summary>
public sealed class HostStackRuntimeVolumeTests
{
    private static HostStackRuntime Runtime(Daemon daemon) =>
        new(daemon.Services.GetRequiredService<ContainerService>(), daemon.Services.GetRequiredService<NetworkService>(),
            daemon.Services.GetRequiredService<ContainerNetworking>(), daemon.Services.GetRequiredService<VolumeStore>(),
            daemon.Services.GetRequiredService<ImageService>(), () => throw new InvalidOperationException("no builds here"),
            new StackFileStore(Path.Combine(daemon.Options.Root, "stack-files")));

    [Fact]
    public async Task Anonymous_volumes_come_from_the_record_and_for_an_older_record_from_the_bundle()
    {
        var directory = Path.Combine("/tmp", "bh-" + Guid.NewGuid().ToString("N")[..8]);
        string id;
        IReadOnlyList<AnonymousVolume> expected;
        var first = await Daemon.StartAsync(new RecordingContainerRuntime(), directory, new RecordingRootfsMounter());
        try
        {
            await BusyboxImage.ImportAsync(first);
            using var created = await first.PostJsonAsync("containers/create", """{"Image": "busybox", "Cmd": ["true"], "HostConfig": {"Binds": ["/data", "named:/named", "/cache:ro"]}}""");
            id = (await Daemon.JsonAsync(created)).GetProperty("Id").GetString()!;
            expected = [.. (await Runtime(first).AnonymousVolumesAsync(id, CancellationToken.None)).OrderBy(v => v.Destination, StringComparer.Ordinal)];
            Assert.Equal(["/cache", "/data"], expected.Select(v => v.Destination));
            Assert.All(expected, v => Assert.Matches("^[0-9a-f]{64}$", v.Name));
            Assert.Empty(await Runtime(first).AnonymousVolumesAsync("no-such-container", CancellationToken.None));
        }
        finally
        {
            await first.AbandonAsync();
        }

        // As a bockd before Mounts left it: the volumes' names, not where they are mounted.
        using (var store = new ContainerStore(ContainerStore.PathUnder(Path.Combine(directory, "lib"))))
            store.Save(store.LoadAll().Single(r => r.Id == id) with { Mounts = [] });
        await using var second = await Daemon.StartAsync(new RecordingContainerRuntime(), directory, new RecordingRootfsMounter());
        Assert.Empty((await second.GetJsonAsync($"containers/{id}/json")).GetProperty("Mounts").EnumerateArray());
        Assert.Equal(expected, (await Runtime(second).AnonymousVolumesAsync(id, CancellationToken.None)).OrderBy(v => v.Destination, StringComparer.Ordinal));
    }
}
