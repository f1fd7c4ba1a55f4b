using Bock.Actors.Networks;
using Bock.Host.Containers;

namespace Bock.Host.Networks;

/// <summary>Inspect's NetworkSettings of a container: an entry per network by name; the legacy top-level fields from the default network.</summary>
public static class NetworkSettingsView
{
    public static NetworkSettingsDto Of(ContainerRecord c, IReadOnlyDictionary<string, NetworkConfig> networks)
    {
        var entries = c.Endpoints.ToDictionary(
            e => networks.TryGetValue(e.NetworkId, out var n) ? n.Name : e.NetworkId,
            e => new EndpointSettingsDto
            {
                NetworkID = e.NetworkId,
                EndpointID = NetworkService.EndpointId(e),
                Gateway = networks.TryGetValue(e.NetworkId, out var n) && n.Internal ? "" : e.Gateway.ToString(),
                IPAddress = e.Address.ToString(),
                IPPrefixLen = e.PrefixLength,
                MacAddress = e.MacAddress,
                Aliases = e.Aliases,
                DNSNames = [c.Name, c.Id[..12], .. e.Aliases],
            });
        var primary = c.Endpoints.FirstOrDefault(e => networks.TryGetValue(e.NetworkId, out var n) && n.IsDefault);
        return new NetworkSettingsDto
        {
            SandboxKey = c.NetnsPath,
            IPAddress = primary?.Address.ToString() ?? "",
            IPPrefixLen = primary?.PrefixLength ?? 0,
            Gateway = primary?.Gateway.ToString() ?? "",
            MacAddress = primary?.MacAddress ?? "",
            Networks = entries,
            Ports = c.Ports.GroupBy(p => p.Key).ToDictionary(g => g.Key,
                g => (IReadOnlyList<PortBindingDto>?)[.. g.Select(p => new PortBindingDto { HostIp = p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp, HostPort = p.HostPort.ToString() })]),
        };
    }
}
