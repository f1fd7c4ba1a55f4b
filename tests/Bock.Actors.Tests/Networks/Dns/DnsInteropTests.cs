using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Bock.Actors.Networks.Dns;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Networks.Dns.DnsResponderProtocol;

namespace Bock.Actors.Tests.Networks.Dns;

/// <summary>
/// Real resolver clients against the responder on 127.0.0.1: busybox's nslookup (what a busybox container runs) and
/// dig (package dnsutils). Both are test dependencies: a missing one fails the test, it is not skipped.
/// </summary>
public sealed class DnsInteropTests(ITestOutputHelper output) : ActorTest(output)
{
    private const string Busybox = "/bin/busybox";
    private const string Dig = "/usr/bin/dig";

    private async Task<IPEndPoint[]> ServeAsync()
    {
        var responder = Sys.ActorOf(DnsResponder.Props(new DnsResponderSettings
        {
            Upstreams = [new IPEndPoint(IPAddress.Loopback, 9)],
            ForwardTimeout = TimeSpan.FromMilliseconds(300),
        }));
        await AskAsync<EndpointSet>(responder, new SetEndpoint(new DnsEndpoint("n", "client", IPAddress.Parse("172.18.0.9"), ["client"])));
        await AskAsync<EndpointSet>(responder, new SetEndpoint(new DnsEndpoint("n", "w1", IPAddress.Parse("172.18.0.2"), ["w1", "web"])));
        await AskAsync<EndpointSet>(responder, new SetEndpoint(new DnsEndpoint("n", "w2", IPAddress.Parse("172.18.0.3"), ["w2", "web"])));
        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await AskAsync<SocketsRegistered>(responder, new RegisterSockets("client", udp, tcp));
        return [(IPEndPoint)udp.LocalEndPoint!, (IPEndPoint)tcp.LocalEndPoint!];
    }

    [Fact]
    public async Task Busybox_nslookup_gets_both_replicas_no_IPv6_address_and_the_reverse_name()
    {
        Assert.True(File.Exists(Busybox), $"{Busybox} not found: apt-get install busybox-static");
        var server = (await ServeAsync())[0];

        var result = await Shell.RunAsync(Busybox, ["nslookup", "web", $"127.0.0.1:{server.Port}"], TimeSpan.FromSeconds(20));

        Output.WriteLine(result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Address: 172.18.0.2", result.Stdout);
        Assert.Contains("Address: 172.18.0.3", result.Stdout);

        var reverse = await Shell.RunAsync(Busybox, ["nslookup", "172.18.0.3", $"127.0.0.1:{server.Port}"], TimeSpan.FromSeconds(20));
        Output.WriteLine(reverse.ToString());
        Assert.Contains("3.0.18.172.in-addr.arpa\tname = w2", reverse.Stdout);
    }

    [Fact]
    public async Task Dig_gets_the_addresses_over_UDP_and_over_TCP_and_the_reverse_name()
    {
        Assert.True(File.Exists(Dig), $"{Dig} not found: apt-get install dnsutils");
        var server = await ServeAsync();

        var overUdp = await Shell.RunAsync(Dig, ["@127.0.0.1", "-p", $"{server[0].Port}", "+short", "+tries=1", "WEB"], TimeSpan.FromSeconds(20));
        // The TCP listener has a port of its own here; in a container both are 127.0.0.11:53.
        var overTcp = await Shell.RunAsync(Dig, ["@127.0.0.1", "-p", $"{server[1].Port}", "+tcp", "+short", "+tries=1", "web."], TimeSpan.FromSeconds(20));

        Output.WriteLine(overUdp.ToString());
        Output.WriteLine(overTcp.ToString());
        Assert.Equal(0, overUdp.ExitCode);
        Assert.Equal(["172.18.0.2", "172.18.0.3"], overUdp.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal(["172.18.0.2", "172.18.0.3"], overTcp.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());

        var reverse = await Shell.RunAsync(Dig, ["@127.0.0.1", "-p", $"{server[0].Port}", "+short", "+tries=1", "-x", "172.18.0.2"], TimeSpan.FromSeconds(20));
        Output.WriteLine(reverse.ToString());
        Assert.Equal("w1.", reverse.Stdout.Trim());
    }
}
