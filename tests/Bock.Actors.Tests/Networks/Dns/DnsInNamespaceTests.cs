using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Akka.Actor;
using Bock.Actors.Networks.Dns;
using Bock.Actors.Tests.Support;
using Bock.Kernel.Native;
using Xunit.Abstractions;
using static Bock.Actors.Networks.Dns.DnsResponderProtocol;

namespace Bock.Actors.Tests.Networks.Dns;

/// <summary>
/// The wiring bockd will use, for real: sockets bound to 127.0.0.11:53 inside a throwaway network namespace, made on a
/// thread that joined it and then ended, served by the responder from bockd's own namespace. The client runs in the
/// namespace with <c>nameserver 127.0.0.11</c> as its resolv.conf (<c>ip netns exec</c> mounts
/// /etc/netns/NAME/resolv.conf over /etc/resolv.conf), as a container would. The upstream listens on the host's
/// 127.0.0.1, which the namespace cannot reach: an answer from it proves that forwarding leaves from bockd's namespace.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class DnsInNamespaceTests(ITestOutputHelper output) : ActorTest(output)
{
    private const string ContainerResolver = "127.0.0.11";

    [Fact]
    public async Task A_client_in_a_network_namespace_resolves_our_names_and_forwarded_ones_through_127_0_0_11_falling_back_to_TCP()
    {
        var name = $"bock-t-{Convert.ToHexString(Guid.NewGuid().ToByteArray()[..3]).ToLowerInvariant()}-dns";
        using var upstream = new FakeUpstream(FakeUpstream.AnswerWithTenNineEightSeven);
        await Ip("netns", "add", name);
        var etc = $"/etc/netns/{name}";
        var madeEtcNetns = !Directory.Exists("/etc/netns");
        try
        {
            Directory.CreateDirectory(etc);
            await File.WriteAllTextAsync(Path.Combine(etc, "resolv.conf"), $"nameserver {ContainerResolver}\n");
            await Ip("-n", name, "link", "set", "lo", "up");
            var (udp, tcp) = SocketsIn($"/run/netns/{name}");

            var responder = Sys.ActorOf(DnsResponder.Props(new DnsResponderSettings { Upstreams = [upstream.EndPoint] }));
            await AskAsync<EndpointSet>(responder, new SetEndpoint(new DnsEndpoint("n", "client", IPAddress.Parse("172.30.0.9"), ["client"])));
            await AskAsync<EndpointSet>(responder, new SetEndpoint(new DnsEndpoint("n", "w1", IPAddress.Parse("172.30.0.2"), ["web"])));
            for (var i = 10; i < 50; i++)
                await AskAsync<EndpointSet>(responder, new SetEndpoint(new DnsEndpoint("n", $"big-{i}", IPAddress.Parse($"172.30.1.{i}"), ["big"])));
            await AskAsync<SocketsRegistered>(responder, new RegisterSockets("client", udp, tcp));

            var ours = await InNamespace(name, "/bin/busybox", "nslookup", "web");
            Assert.Contains("Address: 172.30.0.2", ours.Stdout);
            var forwarded = await InNamespace(name, "/bin/busybox", "nslookup", "-type=a", "elsewhere.example");
            Assert.Contains("Address: 10.9.8.7", forwarded.Stdout);
            var overTcp = await InNamespace(name, "/usr/bin/dig", "+tcp", "+short", "+tries=1", "web");
            Assert.Equal("172.30.0.2", overTcp.Stdout.Trim());
            // 40 addresses do not fit in 512 bytes: the UDP answer is truncated and dig asks again over TCP, as glibc does.
            var truncated = await InNamespace(name, "/usr/bin/dig", "+noedns", "+tries=1", "big");
            Assert.Contains("Truncated, retrying in TCP mode", truncated.Stdout);
            Assert.Equal(40, truncated.Stdout.Split('\n').Count(line => line.StartsWith("big.", StringComparison.Ordinal) && line.Contains("\tA\t")));
        }
        finally
        {
            Directory.Delete(etc, recursive: true);
            if (madeEtcNetns && !Directory.EnumerateFileSystemEntries("/etc/netns").Any()) Directory.Delete("/etc/netns");
            await Ip("netns", "del", name);
        }
    }

    /// <summary>Made on a thread that joins the namespace and then ends: sockets stay in the namespace they were made in.</summary>
    private static (Socket Udp, Socket Tcp) SocketsIn(string netnsPath)
    {
        (Socket, Socket) made = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            var fd = Unistd.Open(netnsPath, Unistd.O_RDONLY);
            try
            {
                Sched.Setns(fd, Sched.CLONE_NEWNET, netnsPath);
                var at = new IPEndPoint(IPAddress.Parse(ContainerResolver), 53);
                var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(at);
                var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(at);
                made = (udp, tcp);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Unistd.Close(fd);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return made;
    }

    private async Task<CommandResult> InNamespace(string netns, params string[] command)
    {
        var result = await Shell.RunAsync("ip", ["netns", "exec", netns, .. command], TimeSpan.FromSeconds(20));
        Output.WriteLine(result.ToString());
        Assert.Equal(0, result.ExitCode);
        return result;
    }

    private static async Task Ip(params string[] args)
    {
        var result = await Shell.RunAsync("ip", args, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {result}");
    }
}
