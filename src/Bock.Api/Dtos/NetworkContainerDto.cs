namespace Bock.Api.Dtos;

/// <summary>One endpoint in a network's Containers map.</summary>
public sealed record NetworkContainerDto(string Name, string EndpointID, string MacAddress, string IPv4Address, string IPv6Address);
