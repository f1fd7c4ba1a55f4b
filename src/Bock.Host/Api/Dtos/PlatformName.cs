namespace Bock.Host.Api.Dtos;

public sealed record PlatformName(string Name);
