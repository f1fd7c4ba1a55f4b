using System.Net;
using Bock.Api.Dtos;
using Bock.Actors.Networks;

namespace Bock.Host.Networks;

/// <summary>How a container is to be networked, read from its create request before anything is made.</summary>
public sealed record NetworkPlan(NetworkPlanKind Kind, string Mode, IReadOnlyList<NetworkRequest> Networks, string? JoinContainer)
{
    /// <exception cref="FormatException">A malformed <c>--ip</c> or a request that mixes modes.</exception>
    public static NetworkPlan From(ContainerCreateRequest request)
    {
        var mode = request.HostConfig?.NetworkMode;
        if (string.IsNullOrEmpty(mode) || mode == "default") mode = NetworkDirectory.DefaultNetworkName;
        // docker's CLI names the default network "default" in EndpointsConfig too.
        var endpoints = (request.NetworkingConfig?.EndpointsConfig ?? new Dictionary<string, EndpointSettingsDto>())
            .ToDictionary(e => e.Key == "default" ? mode : e.Key, e => e.Value);
        if (mode is "host" or "none" || mode.StartsWith("container:", StringComparison.Ordinal))
        {
            if (endpoints.Keys.Any(k => k != mode))
                throw new FormatException($"conflicting options: a container with network mode {mode} cannot be connected to other networks");
            if (request.HostConfig?.PortBindings is { Count: > 0 } && mode != "none")
                throw new FormatException($"conflicting options: port publishing and the container type network mode ({mode})");
            return mode switch
            {
                "host" => new NetworkPlan(NetworkPlanKind.Host, mode, [], null),
                "none" => new NetworkPlan(NetworkPlanKind.None, mode, [], null),
                _ => new NetworkPlan(NetworkPlanKind.Container, mode, [], mode["container:".Length..]),
            };
        }
        // The mode's network first (it gives the default route), then any others the request names.
        List<NetworkRequest> networks = [Request(mode, endpoints.GetValueOrDefault(mode), request.MacAddress)];
        networks.AddRange(endpoints.Where(e => e.Key != mode).Select(e => Request(e.Key, e.Value, null)));
        return new NetworkPlan(NetworkPlanKind.Bridge, mode, networks, null);
    }

    private static NetworkRequest Request(string name, EndpointSettingsDto? settings, string? legacyMac)
    {
        IPAddress? address = null;
        if (settings?.IPAMConfig?.IPv4Address is { Length: > 0 } text &&
            (!IPAddress.TryParse(text, out address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
            throw new FormatException($"invalid IPv4 address: {text}");
        var mac = settings?.MacAddress is { Length: > 0 } m ? m : legacyMac is { Length: > 0 } l ? l : null;
        if (mac is not null && !System.Text.RegularExpressions.Regex.IsMatch(mac, "^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$"))
            throw new FormatException($"invalid MAC address: {mac}");
        return new NetworkRequest(name, address, mac?.ToLowerInvariant(), settings?.Aliases ?? []);
    }
}

public enum NetworkPlanKind
{
    Host,
    None,
    Container,
    Bridge,
}

/// <summary>One network a container asks to join, with its <c>--ip</c>, <c>--mac-address</c> and <c>--network-alias</c>es.</summary>
public sealed record NetworkRequest(string NameOrId, IPAddress? Address, string? MacAddress, IReadOnlyList<string> Aliases);
