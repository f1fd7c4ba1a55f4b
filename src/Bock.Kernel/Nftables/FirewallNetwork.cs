using System.Net;

namespace Bock.Kernel.Nftables;

/// <summary>A bridge network as the firewall sees it: its bridge, its IPv4 subnet, and whether it may reach anything outside.</summary>
public sealed record FirewallNetwork(string Id, string Bridge, IPNetwork Subnet, bool Internal = false);
