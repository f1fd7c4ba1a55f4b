using System.Net;

namespace Bock.Actors.Networks;

/// <summary>
/// One container's attachment to one bridge, as the kernel makes it: a veth pair whose host end
/// (<see cref="HostLink"/>) joins the bridge and whose other end becomes <see cref="InterfaceName"/> inside the
/// container's namespace, with its address, MAC and, for its first routed network, the default route.
/// </summary>
public sealed record EndpointConfig(
    string ContainerId,
    string NetnsPath,
    string BridgeName,
    string HostLink,
    string InterfaceName,
    IPAddress Address,
    int PrefixLength,
    string MacAddress,
    IPAddress? DefaultGateway);
