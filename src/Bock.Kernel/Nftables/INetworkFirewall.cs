namespace Bock.Kernel.Nftables;

/// <summary>
/// NAT and filtering for container networks, kept in a table of Bock's own. Every rule belongs to one
/// <see cref="FirewallOwner"/> (a network or a container) and goes with it in one transaction; once no owner has a
/// rule left, the table itself goes, so an idle host shows nothing of ours in its ruleset.
/// </summary>
public interface INetworkFirewall
{
    /// <summary>
    /// Masquerade out of the subnet (unless internal), isolation from every other network, and the loopback path
    /// for published ports. Replaces any rules the network had, so it is safe to re-apply after a restart.
    /// The bridge must exist: its <c>route_localnet</c> is switched on.
    /// </summary>
    void AddNetwork(FirewallNetwork network);

    /// <summary>Removes every rule of the network; nothing to remove is not an error.</summary>
    void RemoveNetwork(string networkId);

    /// <summary>DNAT of each mapping, from outside and from the host itself (127.0.0.1 included). Replaces the container's earlier mappings.</summary>
    void PublishPorts(string containerId, IReadOnlyList<PortMapping> ports);

    /// <summary>Removes every mapping of the container; nothing to remove is not an error.</summary>
    void UnpublishPorts(string containerId);

    /// <summary>The owners that have rules now.</summary>
    IReadOnlySet<FirewallOwner> Owners();

    /// <summary>Removes the rules of every owner not in <paramref name="live"/> (bockd calls it at start-up) and returns those owners.</summary>
    IReadOnlySet<FirewallOwner> Reconcile(IReadOnlySet<FirewallOwner> live);
}
