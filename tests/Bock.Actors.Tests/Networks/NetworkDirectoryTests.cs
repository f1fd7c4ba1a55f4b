using System.Net;
using Akka.Actor;
using Bock.Actors.Kernel;
using Bock.Actors.Networks;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Networks.NetworkProtocol;

namespace Bock.Actors.Tests.Networks;

/// <summary>The network actors' logic over a recording kernel: names, subnets, IPAM, endpoints, persistence.</summary>
public sealed class NetworkDirectoryTests(ITestOutputHelper output) : ActorTest(output)
{
    private readonly RecordingNetworkKernel _network = new();
    private readonly MemoryNetworkStore _store = new();
    private IActorRef? _pool;

    private IActorRef Pool => _pool ??= KernelPool.Create(Sys, Runtime, size: 4, name: "net-kernel", network: _network);

    private IActorRef Directory(IReadOnlyList<NetworkEndpoint>? restored = null, string name = "networks") =>
        Sys.ActorOf(NetworkDirectory.Props(_store, Pool, restored ?? [], () => [Ipv4Subnet.Parse("172.17.0.0/16")]), name);

    [Fact]
    public async Task The_default_network_avoids_the_hosts_routes_and_is_made_once()
    {
        var directory = Directory();
        var list = await AskAsync<NetworkList>(directory, ListNetworks.Instance);
        var bridge = Assert.Single(list.Networks).Config;
        Assert.Equal(("bridge", "bock0", true), (bridge.Name, bridge.BridgeName, bridge.IsDefault));
        Assert.Equal("172.18.0.0/16", bridge.Subnet.ToString()); // 172.17/16 is a host route here
        Assert.Contains("bock0", _network.Bridges);
        Assert.Single(_store.LoadAll());

        var forbidden = await AskAsync<NetworkCommandFailed>(directory, new RemoveNetwork("bridge"));
        Assert.Equal(NetworkFailure.Forbidden, forbidden.Failure);
    }

    [Fact]
    public async Task Create_checks_names_and_subnets_and_a_kernel_failure_leaves_no_network()
    {
        var directory = Directory();
        var created = await AskAsync<NetworkCreated>(directory, Create("front", "10.1.0.0/24"));
        Assert.Equal(IPAddress.Parse("10.1.0.1"), created.Network.Gateway);
        Assert.Contains(created.Network.BridgeName, _network.Bridges);

        Assert.Equal(NetworkFailure.Conflict, (await AskAsync<NetworkCommandFailed>(directory, Create("front", "10.2.0.0/24"))).Failure);
        var overlap = await AskAsync<NetworkCommandFailed>(directory, Create("other", "10.1.0.128/25"));
        Assert.Equal(NetworkFailure.Conflict, overlap.Failure);
        Assert.Contains("overlaps 10.1.0.0/24 of network front", overlap.Reason);
        Assert.Equal(NetworkFailure.Invalid, (await AskAsync<NetworkCommandFailed>(directory, Create("bad", "10.3.0.0/33"))).Failure);
        Assert.Equal(NetworkFailure.Invalid, (await AskAsync<NetworkCommandFailed>(directory, Create("gw", "10.4.0.0/24", gateway: "10.5.0.1"))).Failure);
        Assert.Equal(NetworkFailure.Conflict, (await AskAsync<NetworkCommandFailed>(directory, Create("host", null))).Failure);

        _network.FailNext(nameof(INetworkKernel.CreateBridge), "no bridges today");
        var failed = await AskAsync<NetworkCommandFailed>(directory, Create("broken", "10.6.0.0/24"));
        Assert.Contains("no bridges today", failed.Reason);
        var names = (await AskAsync<NetworkList>(directory, ListNetworks.Instance)).Networks.Select(n => n.Config.Name);
        Assert.Equal(["bridge", "front"], names);
        Assert.Equal(2, _store.LoadAll().Count);
    }

    [Fact]
    public async Task Two_hundred_containers_get_distinct_addresses_all_freed_on_disconnect()
    {
        var directory = Directory();
        await AskAsync<NetworkCreated>(directory, Create("big", "10.10.0.0/23"));
        for (var i = 0; i < 200; i++) _network.CreateSandbox($"/netns/c{i}");
        foreach (var i in Enumerable.Range(0, 200)) directory.Tell(Connect("big", $"c{i}"), TestActor);
        var endpoints = new List<NetworkEndpoint>();
        for (var i = 0; i < 200; i++) endpoints.Add((await ExpectMsgAsync<ContainerConnected>(TimeSpan.FromSeconds(10))).Endpoint);
        Assert.Equal(200, endpoints.Select(e => e.Address).Distinct().Count());
        Assert.Equal(200, endpoints.Select(e => e.HostLink).Distinct().Count());
        Assert.DoesNotContain(endpoints, e => e.Address.Equals(IPAddress.Parse("10.10.0.1")));
        Assert.Equal(200, _network.Endpoints.Count);

        foreach (var endpoint in endpoints) directory.Tell(new DisconnectContainer("big", endpoint.ContainerId), TestActor);
        for (var i = 0; i < 200; i++) await ExpectMsgAsync<ContainerDisconnected>(TimeSpan.FromSeconds(10));
        Assert.Empty(_network.Endpoints);
        var state = await AskAsync<NetworkState>(directory, new InspectNetwork("big"));
        Assert.Empty(state.Endpoints);
        // All freed: the lowest address is handed out again.
        Assert.Equal(IPAddress.Parse("10.10.0.2"), (await AskAsync<ContainerConnected>(directory, Connect("big", "c0"))).Endpoint.Address);
    }

    [Fact]
    public async Task A_requested_address_in_use_or_outside_is_refused_and_a_kernel_failure_frees_the_address()
    {
        var directory = Directory();
        await AskAsync<NetworkCreated>(directory, Create("n", "10.20.0.0/24"));
        _network.CreateSandbox("/netns/a");
        _network.CreateSandbox("/netns/b");
        var a = await AskAsync<ContainerConnected>(directory, Connect("n", "a", IPAddress.Parse("10.20.0.50")));
        Assert.Equal(("10.20.0.50", "02:42:0a:14:00:32"), (a.Endpoint.Address.ToString(), a.Endpoint.MacAddress));
        Assert.Equal(NetworkFailure.Invalid, (await AskAsync<NetworkCommandFailed>(directory, Connect("n", "b", IPAddress.Parse("10.20.0.50")))).Failure);
        Assert.Equal(NetworkFailure.Invalid, (await AskAsync<NetworkCommandFailed>(directory, Connect("n", "b", IPAddress.Parse("10.21.0.5")))).Failure);
        Assert.Equal(NetworkFailure.Conflict, (await AskAsync<NetworkCommandFailed>(directory, Connect("n", "a"))).Failure);

        _network.FailNext(nameof(INetworkKernel.Connect), "veth refused");
        var failed = await AskAsync<NetworkCommandFailed>(directory, Connect("n", "b"));
        Assert.Equal(NetworkFailure.Kernel, failed.Failure);
        Assert.Contains("veth refused", failed.Reason);
        Assert.Equal(IPAddress.Parse("10.20.0.2"), (await AskAsync<ContainerConnected>(directory, Connect("n", "b"))).Endpoint.Address);
    }

    [Fact]
    public async Task Removing_a_network_waits_for_its_endpoints_and_takes_its_bridge()
    {
        var directory = Directory();
        var created = (await AskAsync<NetworkCreated>(directory, Create("n", "10.30.0.0/24"))).Network;
        _network.CreateSandbox("/netns/a");
        await AskAsync<ContainerConnected>(directory, Connect(created.Id[..6], "a"));
        var refused = await AskAsync<NetworkCommandFailed>(directory, new RemoveNetwork("n"));
        Assert.Equal(NetworkFailure.Conflict, refused.Failure);
        Assert.Contains("active endpoints (a)", refused.Reason);

        await AskAsync<ContainerDisconnected>(directory, new DisconnectContainer("n", "a"));
        await AskAsync<NetworkRemoved>(directory, new RemoveNetwork(created.Id));
        Assert.DoesNotContain(created.BridgeName, _network.Bridges);
        Assert.DoesNotContain(_store.LoadAll(), n => n.Id == created.Id);
        Assert.Equal(NetworkFailure.NotFound, (await AskAsync<NetworkCommandFailed>(directory, new InspectNetwork("n"))).Failure);
    }

    [Fact]
    public async Task After_a_restart_the_networks_and_the_addresses_their_containers_hold_come_back()
    {
        var first = Directory(name: "first");
        await AskAsync<NetworkCreated>(first, Create("n", "10.40.0.0/24"));
        _network.CreateSandbox("/netns/a");
        var held = (await AskAsync<ContainerConnected>(first, Connect("n", "a"))).Endpoint;
        await first.GracefulStop(TimeSpan.FromSeconds(5));

        var second = Directory([held], name: "second");
        var state = await AskAsync<NetworkState>(second, new InspectNetwork("n"));
        Assert.Equal(held, Assert.Single(state.Endpoints));
        _network.CreateSandbox("/netns/b");
        var next = await AskAsync<ContainerConnected>(second, Connect("n", "b"));
        Assert.NotEqual(held.Address, next.Endpoint.Address);
        Assert.Equal(2, (await AskAsync<NetworkList>(second, ListNetworks.Instance)).Networks.Count);
    }

    private static CreateNetwork Create(string name, string? subnet, string? gateway = null) =>
        new(name, subnet, gateway, false, new Dictionary<string, string>());

    private static ConnectContainer Connect(string network, string container, IPAddress? address = null) =>
        new(network, container, container, $"/netns/{container}", "eth0", address, null, [], DefaultRoute: true);

    private sealed class MemoryNetworkStore : INetworkStore
    {
        private readonly Dictionary<string, NetworkConfig> _networks = [];

        public IReadOnlyList<NetworkConfig> LoadAll()
        {
            lock (_networks) return [.. _networks.Values];
        }

        public void Save(NetworkConfig network)
        {
            lock (_networks) _networks[network.Id] = network;
        }

        public void Delete(string id)
        {
            lock (_networks) _networks.Remove(id);
        }
    }
}
