namespace Bock.Api.Dtos;

/// <summary>A published port in <c>GET /containers/json</c>: <c>IP:PublicPort->PrivatePort/Type</c>.</summary>
public sealed record PortDto(string IP, int PrivatePort, int PublicPort, string Type);
