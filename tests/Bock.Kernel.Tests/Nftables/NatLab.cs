using System.Net;
using System.Net.Sockets;
using Bock.Kernel.Netlink;
using Bock.Kernel.Tests.Netlink;

namespace Bock.Kernel.Tests.Nftables;

/// <summary>
/// Throwaway namespaces wired like a small host: <see cref="Host"/> holds the bridges and is where the firewall
/// works; each <see cref="AddContainer"/> is a namespace on one bridge (10.88.N.2, default route via 10.88.N.1);
/// <see cref="Outside"/> is another machine on the host's uplink (host 10.99.0.1, outside 10.99.0.2) with no
/// route to any bridge subnet, so it can answer container traffic only if that traffic was masqueraded.
/// </summary>
internal sealed class NatLab : IDisposable
{
    public static readonly IPAddress HostUplink = IPAddress.Parse("10.99.0.1"), OutsideAddress = IPAddress.Parse("10.99.0.2");

    private readonly List<ScratchNetns> _namespaces = [];

    /// <param name="forwarding">net.ipv4.ip_forward in the host from the start: on, so that "before the rules" cases are really routed.</param>
    public NatLab(bool forwarding = true)
    {
        try
        {
            Host = New("a");
            Outside = New("c");
            using var host = Rtnetlink.OpenIn(Host.Fd);
            host.SetUp("lo");
            host.CreateVethPair("uplink", "eth0");
            host.AddAddress("uplink", HostUplink, 24);
            host.SetUp("uplink");
            host.MoveToNamespace("eth0", Outside.Fd);
            using var outside = Rtnetlink.OpenIn(Outside.Fd);
            outside.SetUp("lo");
            outside.AddAddress("eth0", OutsideAddress, 24);
            outside.SetUp("eth0");
            // Set either way: a new namespace copies the host's value (net.core.devconf_inherit_init_net=0).
            SetSysctl("net.ipv4.ip_forward", forwarding ? "1" : "0");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ScratchNetns Host { get; }

    public ScratchNetns Outside { get; }

    public string HostPath => $"/run/netns/{Host.Name}";

    public static string BridgeName(int n) => $"bock-n{n}";

    public static IPNetwork Subnet(int n) => IPNetwork.Parse($"10.88.{n}.0/24");

    public static IPAddress Gateway(int n) => IPAddress.Parse($"10.88.{n}.1");

    public static IPAddress ContainerAddress(int n, int index = 2) => IPAddress.Parse($"10.88.{n}.{index}");

    /// <summary>Bridge number <paramref name="n"/> in the host (made on first use) and a container namespace on it, at 10.88.N.INDEX.</summary>
    public ScratchNetns AddContainer(int n, int index = 2)
    {
        var container = New($"b{n}{index}");
        var veth = $"veth{n}x{index}";
        using var host = Rtnetlink.OpenIn(Host.Fd);
        if (!host.LinkExists(BridgeName(n)))
        {
            host.CreateBridge(BridgeName(n));
            host.AddAddress(BridgeName(n), Gateway(n), 24);
            host.SetUp(BridgeName(n));
        }
        host.CreateVethPair(veth, "eth0");
        host.SetMaster(veth, BridgeName(n));
        host.SetUp(veth);
        // With br_netfilter loaded (it is here) a DNATed frame is bridged, and a container reaching its own
        // published port needs its frame sent back out the port it came in by. Docker sets this too.
        Host.IpIn("link", "set", veth, "type", "bridge_slave", "hairpin", "on");
        host.MoveToNamespace("eth0", container.Fd);
        using var inside = Rtnetlink.OpenIn(container.Fd);
        inside.SetUp("lo");
        inside.AddAddress("eth0", ContainerAddress(n, index), 24);
        inside.SetUp("eth0");
        inside.AddDefaultRoute(Gateway(n));
        return container;
    }

    /// <summary>A TCP listener on 0.0.0.0:<paramref name="port"/> inside <paramref name="netns"/>.</summary>
    public static Socket Listen(ScratchNetns netns, int port)
    {
        var socket = InNamespace.Run(netns.Fd, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        socket.Listen();
        return socket;
    }

    /// <summary>
    /// Connects from <paramref name="from"/> to <paramref name="target"/> and, if <paramref name="listener"/> gets the
    /// connection and a byte crosses it, returns the peer address the listener saw; null when the connection was
    /// refused or nothing answered within <paramref name="timeout"/> (a dropped SYN).
    /// </summary>
    public static async Task<IPAddress?> TryConnect(ScratchNetns from, IPEndPoint target, Socket listener, TimeSpan? timeout = null)
    {
        using var client = InNamespace.Run(from.Fd, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(1.5));
        var accepting = listener.AcceptAsync(cancel.Token).AsTask();
        try
        {
            await client.ConnectAsync(target, cancel.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            await cancel.CancelAsync();
            await Task.WhenAny(accepting);
            return null;
        }
        using var accepted = await accepting;
        await client.SendAsync("x"u8.ToArray(), cancel.Token);
        var buffer = new byte[1];
        if (await accepted.ReceiveAsync(buffer, cancel.Token) != 1)
            return null;
        return ((IPEndPoint)accepted.RemoteEndPoint!).Address;
    }

    /// <summary>`nft ARGS` inside the host namespace; its stdout.</summary>
    public string Nft(params string[] args) => ScratchNetns.Ip(["netns", "exec", Host.Name, "nft", .. args]);

    /// <summary>A sysctl of the host namespace, e.g. net.ipv4.ip_forward.</summary>
    public string Sysctl(string name) => ScratchNetns.Ip("netns", "exec", Host.Name, "sysctl", "-n", name).Trim();

    public void SetSysctl(string name, string value) => ScratchNetns.Ip("netns", "exec", Host.Name, "sysctl", "-q", "-w", $"{name}={value}");

    public void Dispose()
    {
        // Deleting a namespace deletes its links (a veth takes its peer along) and its nftables tables with it.
        foreach (var netns in Enumerable.Reverse(_namespaces))
            netns.Dispose();
    }

    private ScratchNetns New(string suffix)
    {
        var netns = ScratchNetns.Create(suffix);
        _namespaces.Add(netns);
        return netns;
    }
}
