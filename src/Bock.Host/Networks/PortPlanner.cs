using System.Net;
using System.Net.Sockets;

namespace Bock.Host.Networks;

/// <summary>
/// The ports a create request publishes (<c>-p</c>'s PortBindings, and with <c>-P</c> every exposed port), with a free
/// host port chosen where none was given, checked against the ports other containers hold.
/// </summary>
public static class PortPlanner
{
    /// <exception cref="FormatException">A malformed port, protocol or address.</exception>
    /// <exception cref="InvalidOperationException">A host port another container already publishes.</exception>
    public static IReadOnlyList<PublishedPort> Plan(ContainerCreateRequest request, IEnumerable<PublishedPort> taken)
    {
        var bindings = request.HostConfig?.PortBindings ?? new Dictionary<string, IReadOnlyList<PortBindingDto>?>();
        var wanted = new List<(string Key, PortBindingDto Binding)>();
        foreach (var (key, list) in bindings)
            foreach (var binding in list is { Count: > 0 } ? list : [new PortBindingDto()])
                wanted.Add((key, binding));
        if (request.HostConfig?.PublishAllPorts == true)
            foreach (var key in request.ExposedPorts?.Keys ?? [])
                if (!bindings.ContainsKey(key)) wanted.Add((key, new PortBindingDto()));

        var held = taken.ToList();
        var planned = new List<PublishedPort>();
        foreach (var (key, binding) in wanted)
        {
            var (containerPort, protocol) = ParseKey(key);
            var hostIp = binding.HostIp is { Length: > 0 } ip && ip != "0.0.0.0" ? ip : "";
            if (hostIp.Length > 0 && (!IPAddress.TryParse(hostIp, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork))
                throw new FormatException($"invalid host IP {hostIp} for port {key}: only IPv4 addresses can be published");
            var hostPort = binding.HostPort is { Length: > 0 } text
                ? int.TryParse(text, out var p) && p is >= 1 and <= 65535 ? p : throw new FormatException($"invalid host port {text} for port {key}")
                : FreePort(hostIp, protocol);
            var port = new PublishedPort(hostIp, hostPort, protocol, containerPort);
            if (held.Concat(planned).FirstOrDefault(port.Clashes) is { } clash)
                throw new InvalidOperationException($"Bind for {(hostIp.Length == 0 ? "0.0.0.0" : hostIp)}:{hostPort} failed: port is already allocated ({clash})");
            planned.Add(port);
        }
        return planned;
    }

    private static (int Port, string Protocol) ParseKey(string key)
    {
        var parts = key.Split('/');
        var protocol = parts.Length > 1 ? parts[1].ToLowerInvariant() : "tcp";
        if (protocol is not ("tcp" or "udp")) throw new FormatException($"invalid protocol {protocol} for port {key}: only tcp and udp can be published");
        return int.TryParse(parts[0], out var port) && port is >= 1 and <= 65535 ? (port, protocol) : throw new FormatException($"invalid container port {key}");
    }

    /// <summary>A port the kernel says is free now, as Docker picks one for <c>-P</c> (from the ephemeral range).</summary>
    private static int FreePort(string hostIp, string protocol)
    {
        using var socket = protocol == "udp"
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(hostIp.Length == 0 ? IPAddress.Any : IPAddress.Parse(hostIp), 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
