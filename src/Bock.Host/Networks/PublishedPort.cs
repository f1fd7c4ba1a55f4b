namespace Bock.Host.Networks;

/// <summary>One port a container publishes: <c>HostIp:HostPort</c> (HostIp empty for every address) to its <c>ContainerPort/Protocol</c>.</summary>
public sealed record PublishedPort(string HostIp, int HostPort, string Protocol, int ContainerPort)
{
    public string Key => $"{ContainerPort}/{Protocol}";

    /// <summary>Two bindings clash on the same port and protocol when either covers every address or both name the same one.</summary>
    public bool Clashes(PublishedPort other) =>
        HostPort == other.HostPort && Protocol == other.Protocol && (HostIp.Length == 0 || other.HostIp.Length == 0 || HostIp == other.HostIp);

    public override string ToString() => $"{(HostIp.Length == 0 ? "0.0.0.0" : HostIp)}:{HostPort}->{ContainerPort}/{Protocol}";
}
