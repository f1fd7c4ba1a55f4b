using System.Net;

namespace Bock.Actors.Networks;

/// <summary>A network's Linux bridge: its device name and the gateway address it holds on the subnet.</summary>
public sealed record BridgeConfig(string Name, IPAddress Gateway, int PrefixLength);
