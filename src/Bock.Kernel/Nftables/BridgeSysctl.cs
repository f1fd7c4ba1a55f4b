namespace Bock.Kernel.Nftables;

/// <summary>
/// The two kernel settings a bridge network needs beyond nft rules, written under /proc/sys/net of the namespace
/// the caller's thread is in:
/// <list type="bullet">
/// <item><c>net.ipv4.conf.BRIDGE.route_localnet=1</c>: a connection to 127.0.0.1:PORT DNATed in the output chain
/// keeps its 127.0.0.1 source, and the kernel drops such packets on any non-loopback interface as martians unless
/// route_localnet is set on the interface they leave by. Only on our bridge, so it goes with the bridge; the
/// <c>source_nat</c> masquerade of 127.0.0.0/8 then gives them the bridge's address (as Docker does without its
/// userland proxy).</item>
/// <item><c>net.ipv4.ip_forward=1</c>: without it nothing is routed between a bridge and the world, neither
/// masquerade outbound nor published ports from outside. Written only when it is off, because writing it resets
/// per-interface forwarding settings.</item>
/// </list>
/// </summary>
internal static class BridgeSysctl
{
    public static void Prepare(string bridge)
    {
        var routeLocalnet = $"/proc/sys/net/ipv4/conf/{bridge}/route_localnet";
        if (!File.Exists(routeLocalnet))
            throw new InvalidOperationException($"bridge '{bridge}' does not exist (no {routeLocalnet})");
        File.WriteAllText(routeLocalnet, "1");

        const string ipForward = "/proc/sys/net/ipv4/ip_forward";
        if (File.ReadAllText(ipForward).Trim() != "1")
            File.WriteAllText(ipForward, "1");
    }
}
