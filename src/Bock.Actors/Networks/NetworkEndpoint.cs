using System.Net;

namespace Bock.Actors.Networks;

/// <summary>A container's place on one network: its address and MAC, the names it answers to there, and its links.</summary>
public sealed record NetworkEndpoint(
    string NetworkId,
    string ContainerId,
    string ContainerName,
    IPAddress Address,
    int PrefixLength,
    IPAddress Gateway,
    string MacAddress,
    IReadOnlyList<string> Aliases,
    string HostLink,
    string InterfaceName);
