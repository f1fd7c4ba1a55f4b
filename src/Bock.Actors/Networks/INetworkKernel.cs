namespace Bock.Actors.Networks;

/// <summary>
/// The kernel work of networking: bridges, per-container namespaces and veth endpoints. Blocking and privileged:
/// only a KernelActor calls it, on its pinned thread. Every call is idempotent where a retry after a crash needs it
/// (a bridge that exists is kept, a link or namespace that is gone is not an error).
/// </summary>
public interface INetworkKernel
{
    void CreateBridge(BridgeConfig bridge, bool forward);

    void DeleteBridge(string bridgeName);

    void CreateSandbox(string netnsPath);

    void DeleteSandbox(string netnsPath);

    void Connect(EndpointConfig endpoint);

    void Disconnect(string hostLink);

    /// <summary>Masquerade, isolation and published ports, in the daemon's own nftables table.</summary>
    Bock.Kernel.Nftables.INetworkFirewall Firewall { get; }

    /// <summary>
    /// A UDP and a TCP socket bound to 127.0.0.11:53 inside the namespace, for the embedded DNS; null where there is no
    /// real namespace to bind in (a recording kernel).
    /// </summary>
    DnsSockets? OpenDnsSockets(string netnsPath);

    /// <summary>The host's links whose names start with <paramref name="prefix"/>: for reconciling after a crash.</summary>
    IReadOnlyList<string> Links(string prefix);
}
