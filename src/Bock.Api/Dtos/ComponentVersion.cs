namespace Bock.Api.Dtos;

public sealed record ComponentVersion(string Name, string Version, IReadOnlyDictionary<string, string> Details);
