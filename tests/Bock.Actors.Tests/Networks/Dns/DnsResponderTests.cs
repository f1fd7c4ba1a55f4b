using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Bock.Actors.Networks.Dns;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Networks.Dns.DnsResponderProtocol;
using static Bock.Actors.Tests.Networks.Dns.DnsTestQueries;

namespace Bock.Actors.Tests.Networks.Dns;

/// <summary>
/// The responder over real sockets on 127.0.0.1 (random ports), standing in for the 127.0.0.11:53 sockets bockd makes
/// in each container's namespace; upstream resolvers are <see cref="FakeUpstream"/>s on loopback.
/// </summary>
public sealed class DnsResponderTests(ITestOutputHelper output) : ActorTest(output)
{
    private readonly FakeUpstream _upstream = new(FakeUpstream.AnswerWithTenNineEightSeven);

    private DnsResponderSettings Settings => new()
    {
        Upstreams = [_upstream.EndPoint],
        ForwardTimeout = TimeSpan.FromMilliseconds(500),
    };

    private IActorRef Responder(DnsResponderSettings? settings = null) => Sys.ActorOf(DnsResponder.Props(settings ?? Settings));

    /// <summary>Registers sockets for <paramref name="containerId"/> and returns where its UDP and TCP ends listen.</summary>
    private async Task<(IPEndPoint Udp, IPEndPoint Tcp, Socket UdpSocket)> ServeAsync(IActorRef responder, string containerId)
    {
        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await AskAsync<SocketsRegistered>(responder, new RegisterSockets(containerId, udp, tcp));
        return ((IPEndPoint)udp.LocalEndPoint!, (IPEndPoint)tcp.LocalEndPoint!, udp);
    }

    private Task SetAsync(IActorRef responder, string network, string container, string address, params string[] names) =>
        AskAsync<EndpointSet>(responder, new SetEndpoint(new DnsEndpoint(network, container, IPAddress.Parse(address), [.. names])));

    private static async Task<DnsMessage> AskAsync(IPEndPoint server, string name, ushort id = 1)
    {
        var reply = await AskUdpAsync(server, Build(id, name));
        Assert.NotNull(reply);
        return Parse(reply);
    }

    [Fact]
    public async Task An_A_query_for_a_registered_name_returns_its_address()
    {
        var responder = Responder();
        await SetAsync(responder, "front", "c1", "172.18.0.2", "web");
        var (server, _, _) = await ServeAsync(responder, "c1");

        var reply = await AskAsync(server, "web", id: 0xBEEF);

        Assert.Equal(0xBEEF, reply.Id);
        Assert.Equal(DnsResponseCode.NoError, reply.ResponseCode);
        Assert.Equal([IPAddress.Parse("172.18.0.2")], AddressesOf(reply));
        Assert.Empty(_upstream.Received);
    }

    [Fact]
    public async Task A_container_does_not_see_the_names_of_a_network_it_is_not_on()
    {
        var responder = Responder();
        await SetAsync(responder, "x", "c1", "172.18.0.2", "alpha");
        await SetAsync(responder, "y", "c2", "172.19.0.2", "beta");
        var (server, _, _) = await ServeAsync(responder, "c1");

        Assert.Equal([IPAddress.Parse("172.18.0.2")], AddressesOf(await AskAsync(server, "alpha")));
        // beta is not ours for c1: the upstream's answer comes back.
        Assert.Equal([IPAddress.Parse("10.9.8.7")], AddressesOf(await AskAsync(server, "beta")));
        Assert.Single(_upstream.Received);
    }

    [Fact]
    public async Task The_replicas_of_a_service_come_back_in_a_rotating_order()
    {
        var responder = Responder();
        for (var i = 2; i <= 4; i++) await SetAsync(responder, "stack", $"api-{i}", $"10.0.0.{i}", "api");
        await SetAsync(responder, "stack", "client", "10.0.0.9", "client");
        var (server, _, _) = await ServeAsync(responder, "client");

        var answers = new List<IPAddress[]>();
        for (ushort id = 1; id <= 3; id++) answers.Add(AddressesOf(await AskAsync(server, "api", id)));

        Assert.All(answers, a => Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.4"], a.Select(x => x.ToString()).Order()));
        Assert.Equal(3, answers.Select(a => a[0]).Distinct().Count());
    }

    [Fact]
    public async Task Answers_follow_a_restart_and_a_removal_at_once()
    {
        var responder = Responder();
        await SetAsync(responder, "n", "client", "172.18.0.9", "client");
        await SetAsync(responder, "n", "db", "172.18.0.2", "db");
        var (server, _, _) = await ServeAsync(responder, "client");
        Assert.Equal([IPAddress.Parse("172.18.0.2")], AddressesOf(await AskAsync(server, "db")));

        await SetAsync(responder, "n", "db", "172.18.0.5", "db");
        Assert.Equal([IPAddress.Parse("172.18.0.5")], AddressesOf(await AskAsync(server, "db")));

        await AskAsync<EndpointRemoved>(responder, new RemoveEndpoint("n", "db"));
        Assert.Equal([IPAddress.Parse("10.9.8.7")], AddressesOf(await AskAsync(server, "db")));
        Assert.Equal("db", Parse(Assert.Single(_upstream.Received)).Questions[0].Name);
    }

    [Fact]
    public async Task A_forwarded_query_gets_the_upstream_reply_byte_for_byte()
    {
        var responder = Responder();
        var (server, _, _) = await ServeAsync(responder, "c1");
        var query = Build(0x5A5A, "example.org", ednsPayload: 1232);

        var reply = await AskUdpAsync(server, query);

        Assert.Equal(query, Assert.Single(_upstream.Received));
        Assert.Equal(FakeUpstream.AnswerWithTenNineEightSeven(query), reply);
        Assert.Equal(0x5A5A, Parse(reply!).Id);
    }

    [Fact]
    public async Task A_silent_upstream_gives_SERVFAIL_after_the_timeout_then_the_next_upstream_is_tried()
    {
        using var silent = new FakeUpstream(_ => null);
        var responder = Responder(Settings with { Upstreams = [silent.EndPoint], ForwardTimeout = TimeSpan.FromMilliseconds(300) });
        var (server, _, _) = await ServeAsync(responder, "c1");

        var watch = Stopwatch.StartNew();
        var failed = await AskAsync(server, "example.org", id: 77);
        Assert.Equal(DnsResponseCode.ServerFailure, failed.ResponseCode);
        Assert.Equal(77, failed.Id);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));

        await AskAsync<UpstreamsSet>(responder, new SetUpstreams([silent.EndPoint, _upstream.EndPoint]));
        Assert.Equal([IPAddress.Parse("10.9.8.7")], AddressesOf(await AskAsync(server, "example.org")));
    }

    [Fact]
    public async Task Queries_over_TCP_are_answered_and_forwarded()
    {
        var responder = Responder();
        await SetAsync(responder, "n", "c1", "172.18.0.2", "web");
        var (_, tcp, _) = await ServeAsync(responder, "c1");

        var local = await AskTcpAsync(tcp, Build(9, "web"));
        Assert.Equal([IPAddress.Parse("172.18.0.2")], AddressesOf(Parse(local!)));

        var query = Build(10, "example.org");
        var forwarded = await AskTcpAsync(tcp, query);
        Assert.Equal(FakeUpstream.AnswerWithTenNineEightSeven(query), forwarded);
    }

    [Fact]
    public async Task Each_socket_answers_for_its_own_container()
    {
        var responder = Responder();
        await SetAsync(responder, "x", "c1", "172.18.0.2", "alpha");
        await SetAsync(responder, "y", "c2", "172.19.0.2", "beta");
        var (forC1, _, _) = await ServeAsync(responder, "c1");
        var (forC2, _, _) = await ServeAsync(responder, "c2");

        Assert.Equal([IPAddress.Parse("172.19.0.2")], AddressesOf(await AskAsync(forC2, "beta")));
        Assert.Equal([IPAddress.Parse("172.18.0.2")], AddressesOf(await AskAsync(forC1, "alpha")));
        Assert.Equal([IPAddress.Parse("10.9.8.7")], AddressesOf(await AskAsync(forC2, "alpha")));
    }

    [Fact]
    public async Task Concurrent_queries_while_an_address_keeps_changing_always_see_one_whole_table()
    {
        var responder = Responder();
        await SetAsync(responder, "n", "client", "172.18.0.9", "client");
        await SetAsync(responder, "n", "db", "172.18.0.2", "db", "database");
        var (server, _, _) = await ServeAsync(responder, "client");
        string[] either = ["172.18.0.2", "172.18.0.3"];

        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                var reply = await AskAsync(server, i % 2 == 0 ? "db" : "database", (ushort)(c * 1000 + i));
                Assert.Equal((ushort)(c * 1000 + i), reply.Id);
                Assert.Contains(Assert.Single(AddressesOf(reply)).ToString(), either);
            }
        })).ToList();
        for (var flip = 0; !clients.All(c => c.IsCompleted); flip++)
            await SetAsync(responder, "n", "db", either[flip % 2], "db", "database");

        await Task.WhenAll(clients);
        Assert.Empty(_upstream.Received);
    }

    [Fact]
    public async Task Sockets_are_closed_when_unregistered_replaced_or_when_the_responder_stops()
    {
        var responder = Responder();
        var (_, _, first) = await ServeAsync(responder, "c1");
        var (_, _, replacement) = await ServeAsync(responder, "c1");
        Assert.Throws<ObjectDisposedException>(() => first.LocalEndPoint);

        await AskAsync<SocketsUnregistered>(responder, new UnregisterSockets("c1"));
        Assert.Throws<ObjectDisposedException>(() => replacement.LocalEndPoint);

        var (_, _, last) = await ServeAsync(responder, "c2");
        Watch(responder);
        Sys.Stop(responder);
        await ExpectTerminatedAsync(responder);
        Assert.Throws<ObjectDisposedException>(() => last.LocalEndPoint);
    }

    [Fact]
    public async Task Registering_the_same_sockets_again_keeps_them_served()
    {
        var responder = Responder();
        await SetAsync(responder, "n", "c1", "172.18.0.2", "web");
        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        await AskAsync<SocketsRegistered>(responder, new RegisterSockets("c1", udp, null));
        await AskAsync<SocketsRegistered>(responder, new RegisterSockets("c1", udp, null));

        Assert.Equal([IPAddress.Parse("172.18.0.2")], AddressesOf(await AskAsync((IPEndPoint)udp.LocalEndPoint!, "web")));
    }

    [Fact]
    public async Task An_unbound_socket_is_rejected_and_closed()
    {
        var responder = Responder();
        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await AskAsync<DnsCommandRejected>(responder, new RegisterSockets("c1", udp, null));

        Assert.Throws<ObjectDisposedException>(() => udp.LocalEndPoint);
    }

    [Fact]
    public async Task The_name_table_can_be_read_back()
    {
        var responder = Responder();
        await SetAsync(responder, "n", "c1", "172.18.0.2", "web", "www");
        var table = (await AskAsync<NameTable>(responder, GetNameTable.Instance)).Table;
        Assert.Equal(["web", "www"], Assert.Single(table.Endpoints).Names.ToArray());
        Assert.Equal(ImmutableHashSet.Create("n"), table.NetworksOf("c1"));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _upstream.Dispose();
        base.Dispose(disposing);
    }
}
