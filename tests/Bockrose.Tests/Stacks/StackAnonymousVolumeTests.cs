using Akka.Actor;
using Bock.Api.Dtos;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Tests.Stacks;

/// <summary>
/// A replica's anonymous volumes outlive it as compose keeps them: a recreate (plain or rolling) mounts them into the
/// replacement and removes the old replica without them; down keeps them, down -v removes them.
/// </summary>
public sealed class StackAnonymousVolumeTests : StackTestBase
{
    private const string Version1 = """
        services:
          db:
            image: busybox
            environment: [VERSION=1]
            volumes:
              - /data
              - { type: volume, target: /scratch, read_only: true }
        """;

    private async Task<IActorRef> UpAsync(string compose, IActorRef? directory = null)
    {
        directory ??= Directory_();
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(Request(compose)), TimeSpan.FromSeconds(20)))).Error);
        return directory;
    }

    private static IReadOnlyList<MountDto> VolumeMounts(FakeStackRuntime.Entry e) =>
        [.. (e.Request.HostConfig?.Mounts ?? []).Where(m => m.Type == "volume").OrderBy(m => m.Target, StringComparer.Ordinal)];

    [Fact]
    public async Task A_recreate_mounts_the_old_replicas_anonymous_volumes_into_the_new_one_and_removes_the_old_without_them()
    {
        var directory = await UpAsync(Version1);
        var old = Runtime.Named("p-db-1");
        var oldVolumes = (await Runtime.AnonymousVolumesAsync(old.Container.Id, CancellationToken.None)).OrderBy(v => v.Destination, StringComparer.Ordinal).ToList();
        Assert.Equal(["/data", "/scratch"], oldVolumes.Select(v => v.Destination));
        var before = Runtime.Calls.Count;

        await UpAsync(Version1.Replace("VERSION=1", "VERSION=2"), directory);

        Assert.Contains("rm p-db-1", Runtime.Calls.Skip(before));
        Assert.DoesNotContain("rm -v p-db-1", Runtime.Calls.Skip(before));
        var replacement = Runtime.Named("p-db-1");
        Assert.NotEqual(old.Container.Id, replacement.Container.Id);
        Assert.Equal(
            [("volume", oldVolumes[0].Name, "/data", false), ("volume", oldVolumes[1].Name, "/scratch", true)],
            VolumeMounts(replacement).Select(m => (m.Type!, m.Source!, m.Target!, m.ReadOnly)));
        Assert.All(oldVolumes, v => Assert.True(Runtime.AnonymousVolumeNames.ContainsKey(v.Name), $"{v.Name} was removed"));
        // Handed on, they are the new replica's anonymous volumes: its next recreate hands them on again, no new hash.
        var again = Runtime.Calls.Count;
        await UpAsync(Version1.Replace("VERSION=1", "VERSION=2"), directory);
        Assert.DoesNotContain(Runtime.Calls.Skip(again), c => c.StartsWith("rm", StringComparison.Ordinal));
        await UpAsync(Version1.Replace("VERSION=1", "VERSION=3"), directory);
        Assert.Equal(oldVolumes.Select(v => v.Name), VolumeMounts(Runtime.Named("p-db-1")).Select(m => m.Source));
    }

    [Fact]
    public async Task A_destination_the_new_configuration_mounts_something_else_at_gets_that_not_the_old_volume()
    {
        var directory = await UpAsync(Version1);
        var oldVolumes = await Runtime.AnonymousVolumesAsync(Runtime.Named("p-db-1").Container.Id, CancellationToken.None);

        await UpAsync("""
            services:
              db:
                image: busybox
                volumes:
                  - data:/data
                  - /scratch
            volumes:
              data:
            """, directory);

        var mounts = VolumeMounts(Runtime.Named("p-db-1"));
        Assert.Equal(("p_data", "/data"), (mounts[0].Source, mounts[0].Target));
        Assert.Equal((oldVolumes.Single(v => v.Destination == "/scratch").Name, "/scratch", false), (mounts[1].Source, mounts[1].Target, mounts[1].ReadOnly));
        // Not carried, not removed either: compose leaves the volume (docker volume prune takes it).
        Assert.True(Runtime.AnonymousVolumeNames.ContainsKey(oldVolumes.Single(v => v.Destination == "/data").Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Down_keeps_the_anonymous_volumes_and_down_v_removes_them(bool volumes)
    {
        var directory = await UpAsync(Version1);
        var names = (await Runtime.AnonymousVolumesAsync(Runtime.Named("p-db-1").Container.Id, CancellationToken.None)).Select(v => v.Name).ToList();

        Assert.Null((await DoneAsync(directory.Ask<object>(new Down("p", new StackDownRequest { Volumes = volumes }, NoProgress), TimeSpan.FromSeconds(20)))).Error);

        Assert.Empty(Runtime.Containers);
        Assert.Contains(volumes ? "rm -v p-db-1" : "rm p-db-1", Runtime.Calls);
        Assert.All(names, n => Assert.Equal(!volumes, Runtime.AnonymousVolumeNames.ContainsKey(n)));
    }

    private const string Rolled = """
        services:
          db:
            image: busybox
            restart: always
            environment: [VERSION=1]
            volumes: [/data]
            healthcheck:
              test: ["CMD", "true"]
            deploy:
              replicas: 2
              update_config: { parallelism: 1, order: start-first, failure_action: rollback }
        """;

    [Fact]
    public async Task A_rolling_update_hands_each_old_replicas_volume_to_its_replacement()
    {
        Runtime.HealthOnStart = "healthy";
        var directory = await UpAsync(Rolled);
        var old = new[] { "p-db-1", "p-db-2" }.Select(n => Runtime.Named(n)).ToList();
        var volumes = old.Select(o => Runtime.AnonymousVolumesAsync(o.Container.Id, CancellationToken.None).Result.Single().Name).ToList();

        await UpAsync(Rolled.Replace("VERSION=1", "VERSION=2"), directory);

        Assert.Equal(["p-db-3", "p-db-4"], Runtime.Containers.Select(c => c.Container.Name));
        Assert.Equal(volumes, Runtime.Containers.Select(c => VolumeMounts(c).Single().Source));
        Assert.Contains("rm p-db-1", Runtime.Calls);
        Assert.Contains("rm p-db-2", Runtime.Calls);
        Assert.All(volumes, v => Assert.True(Runtime.AnonymousVolumeNames.ContainsKey(v)));
    }

    [Fact]
    public async Task A_rolled_back_update_removes_the_new_replicas_but_not_the_volumes_the_old_ones_still_mount()
    {
        Runtime.HealthOnStart = "healthy";
        var directory = await UpAsync(Rolled);
        var volumes = new[] { "p-db-1", "p-db-2" }.Select(n => Runtime.AnonymousVolumesAsync(Runtime.Named(n).Container.Id, CancellationToken.None).Result.Single().Name).ToList();
        Runtime.HealthOnStartOf["p-db-4"] = "unhealthy";

        var done = await DoneAsync(directory.Ask<object>(UpMessage(Request(Rolled.Replace("VERSION=1", "VERSION=2"))), TimeSpan.FromSeconds(20)));

        Assert.Contains("rolled back", done.Error);
        Assert.Equal(["p-db-1", "p-db-2"], Runtime.Containers.Select(c => c.Container.Name));
        Assert.Contains("rm -v p-db-3", Runtime.Calls);
        Assert.All(volumes, v => Assert.True(Runtime.AnonymousVolumeNames.ContainsKey(v), $"{v} was removed"));
    }
}
