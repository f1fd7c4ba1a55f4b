using System.Net;

namespace Bock.Kernel.Nftables;

/// <summary>
/// One published port (<c>-p [ip:]host:container[/tcp|udp]</c>): traffic for <see cref="HostPort"/> on a local
/// address (only <see cref="HostIp"/> when given) goes to <see cref="ContainerIp"/>:<see cref="ContainerPort"/>.
/// </summary>
public sealed record PortMapping(IPAddress? HostIp, int HostPort, PortProtocol Protocol, IPAddress ContainerIp, int ContainerPort)
{
    /// <summary>"tcp" or "udp", as in <c>80/tcp</c>; anything else is refused.</summary>
    public static PortProtocol ParseProtocol(string protocol) => protocol switch
    {
        "tcp" => PortProtocol.Tcp,
        "udp" => PortProtocol.Udp,
        _ => throw new ArgumentException($"protocol '{protocol}' cannot be published: only tcp and udp", nameof(protocol)),
    };
}
