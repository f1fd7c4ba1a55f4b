namespace Bock.Api.Dtos;

public sealed record PlatformName(string Name);
