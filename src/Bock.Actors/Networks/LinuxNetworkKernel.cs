using System.Net;
using Bock.Kernel.Namespaces;
using Bock.Kernel.Native;
using Bock.Kernel.Netlink;

namespace Bock.Actors.Networks;

/// <summary><see cref="INetworkKernel"/> on rtnetlink and bind-mounted network namespaces.</summary>
public sealed class LinuxNetworkKernel(Bock.Kernel.Nftables.INetworkFirewall firewall) : INetworkKernel
{
    /// <summary>Docker's address for the embedded DNS; every namespace has 127.0.0.0/8 on lo.</summary>
    private static readonly IPEndPoint EmbeddedDns = new(IPAddress.Parse("127.0.0.11"), 53);

    private const int EEXIST = 17;
    private const string IpForward = "/proc/sys/net/ipv4/ip_forward";

    public void CreateBridge(BridgeConfig bridge, bool forward)
    {
        using var netlink = Rtnetlink.Open();
        if (!netlink.LinkExists(bridge.Name)) netlink.CreateBridge(bridge.Name);
        try
        {
            netlink.AddAddress(bridge.Name, bridge.Gateway, bridge.PrefixLength);
        }
        catch (KernelException e) when (e.Errno == EEXIST)
        {
            // Kept from before a daemon restart.
        }
        netlink.SetUp(bridge.Name);
        // Routing out of a bridge needs the host to forward, as Docker switches it on; internal networks do not.
        if (forward && File.ReadAllText(IpForward).Trim() != "1") File.WriteAllText(IpForward, "1");
    }

    public void DeleteBridge(string bridgeName)
    {
        using var netlink = Rtnetlink.Open();
        if (netlink.LinkExists(bridgeName)) netlink.DeleteLink(bridgeName);
    }

    public void CreateSandbox(string netnsPath) => NetworkNamespace.Create(netnsPath);

    public void DeleteSandbox(string netnsPath) => NetworkNamespace.Remove(netnsPath);

    public void Connect(EndpointConfig endpoint)
    {
        using var host = Rtnetlink.Open();
        if (host.LinkExists(endpoint.HostLink)) host.DeleteLink(endpoint.HostLink); // a half-made one from a crash
        var netnsFd = Unistd.Open(endpoint.NetnsPath, Unistd.O_RDONLY);
        try
        {
            // The container's end is made inside its namespace under its final name: no move, no rename.
            host.CreateVethPair(endpoint.HostLink, endpoint.InterfaceName, netnsFd);
        }
        finally
        {
            Unistd.Close(netnsFd);
        }
        try
        {
            host.SetMaster(endpoint.HostLink, endpoint.BridgeName);
            host.SetHairpin(endpoint.HostLink, true); // a container reaches its own published port, as with Docker's
            host.SetUp(endpoint.HostLink);
            // A socket keeps the namespace it was made in: made there, it works from this thread back home.
            using var inside = NetworkNamespace.Within(endpoint.NetnsPath, Rtnetlink.Open);
            inside.SetHardwareAddress(endpoint.InterfaceName, ParseMac(endpoint.MacAddress));
            inside.AddAddress(endpoint.InterfaceName, endpoint.Address, endpoint.PrefixLength);
            inside.SetUp(endpoint.InterfaceName);
            if (endpoint.DefaultGateway is { } gateway) inside.AddDefaultRoute(gateway);
        }
        catch
        {
            // Deleting one end of a veth pair deletes both, wherever the other end is.
            if (host.LinkExists(endpoint.HostLink)) host.DeleteLink(endpoint.HostLink);
            throw;
        }
    }

    public void Disconnect(string hostLink)
    {
        using var netlink = Rtnetlink.Open();
        if (netlink.LinkExists(hostLink)) netlink.DeleteLink(hostLink);
    }

    public Bock.Kernel.Nftables.INetworkFirewall Firewall => firewall;

    public DnsSockets? OpenDnsSockets(string netnsPath) => NetworkNamespace.Within(netnsPath, () =>
    {
        // A socket belongs to the namespace it was made in, wherever it is used afterwards.
        var udp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        var tcp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            udp.Bind(EmbeddedDns);
            tcp.Bind(EmbeddedDns);
            return new DnsSockets(udp, tcp);
        }
        catch
        {
            udp.Dispose();
            tcp.Dispose();
            throw;
        }
    });

    public IReadOnlyList<string> Links(string prefix) =>
        [.. new DirectoryInfo("/sys/class/net").EnumerateFileSystemInfos().Select(d => d.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];

    private static byte[] ParseMac(string mac) => Convert.FromHexString(mac.Replace(":", ""));
}
