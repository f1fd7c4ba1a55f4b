using System.Text.Json;
using Bock.Actors.Containers;
using Bock.Host.Containers;

namespace Bock.Host.Tests.Containers;

public sealed class ContainerStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bock-store-test-" + Guid.NewGuid().ToString("N")[..8]);

    private static ContainerRecord Record(string id, string name) =>
        new(id, name, "/images/busybox", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), $"/lib/containers/{id}", ["sh", "-c", "true"],
            ["A=1"], "/tmp", "host", new Dictionary<string, string> { ["tier"] = "front" }, RestartPolicy.Parse("on-failure:3"));

    [Fact]
    public void Records_survive_a_reopen_with_every_field_and_their_latest_state_and_deletes_stick()
    {
        var path = ContainerStore.PathUnder(_directory);
        using (var store = new ContainerStore(path))
        {
            store.Save(Record("a1", "web"));
            store.Save(Record("b2", "db"));
            store.Save(Record("a1", "web") with
            {
                State = "running", StartedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_100), RestartCount = 2,
                AutoRemove = true, ImageId = "sha256:abc", AnonymousVolumes = ["v1"], Volumes = ["v1", "data"], StopSignal = "SIGQUIT",
                Mounts = [new ContainerMount("volume", "v1", "/lib/volumes/v1/_data", "/data", false, "") { Anonymous = true }, new ContainerMount("bind", null, "/srv", "/srv", true, "rslave")],
                HealthCheck = new HealthCheck(["CMD", "true"]) { Interval = TimeSpan.FromSeconds(2), Retries = 4 },
            });
            store.Delete("b2");
        }
        using var reopened = new ContainerStore(path);
        var record = Assert.Single(reopened.LoadAll());
        Assert.Equal(("a1", "web", "running", 2), (record.Id, record.Name, record.State, record.RestartCount));
        Assert.Equal(RestartPolicy.Parse("on-failure:3"), record.RestartPolicy);
        Assert.Equal(["sh", "-c", "true"], record.Args);
        Assert.Equal("front", record.Labels["tier"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_100), record.StartedAt);
        Assert.Equal("/lib/containers/a1", record.BundlePath);
        // What --rm, volume removal, stop and the health monitor need after a daemon restart.
        Assert.Equal((true, "sha256:abc", "SIGQUIT"), (record.AutoRemove, record.ImageId, record.StopSignal));
        Assert.Equal(["v1"], record.AnonymousVolumes);
        Assert.Equal(["v1", "data"], record.Volumes);
        Assert.Equal([new ContainerMount("volume", "v1", "/lib/volumes/v1/_data", "/data", false, "") { Anonymous = true }, new ContainerMount("bind", null, "/srv", "/srv", true, "rslave")], record.Mounts);
        Assert.Equal(["CMD", "true"], record.HealthCheck!.Test);
        Assert.Equal((TimeSpan.FromSeconds(2), 4), (record.HealthCheck.Interval, record.HealthCheck.Retries));
    }

    [Fact]
    public void A_swarm_restart_policy_survives_a_reopen_and_older_records_read_without_one()
    {
        var path = ContainerStore.PathUnder(_directory);
        var policy = new RestartPolicy(RestartPolicyKind.Always, 2) with { Delay = TimeSpan.FromMilliseconds(1500), Window = TimeSpan.FromMinutes(2) };
        using (var store = new ContainerStore(path))
        {
            store.Save(Record("a1", "web") with { RestartPolicy = policy });
            store.Save(Record("b2", "db") with { RestartPolicy = RestartPolicy.OnFailure() with { Delay = TimeSpan.Zero } });
        }
        using (var reopened = new ContainerStore(path))
        {
            var records = reopened.LoadAll().ToDictionary(r => r.Id);
            Assert.Equal(policy, records["a1"].RestartPolicy);
            // A zero delay (restart at once) is not the absent one (the daemon's backoff).
            Assert.Equal(RestartPolicy.OnFailure() with { Delay = TimeSpan.Zero }, records["b2"].RestartPolicy);
        }

        // What a bockd before these fields wrote: Docker's name and count only.
        var written = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
            StoredContainer.From(Record("c3", "old")), ContainerStoreJsonContext.Default.StoredContainer))!.AsObject();
        Assert.True(written.Remove("RestartDelayMs") & written.Remove("RestartWindowMs") & written.Remove("Mounts"));
        var older = written.Deserialize(ContainerStoreJsonContext.Default.StoredContainer)!;
        Assert.Equal(RestartPolicy.OnFailure(3), older.ToRecord().RestartPolicy);
        Assert.Empty(older.ToRecord().Mounts); // before inspect had Mounts
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
