namespace Bock.Api.Dtos;

public sealed record NetworkPruneResponse(IReadOnlyList<string> NetworksDeleted);
