namespace Bock.Api.Dtos;

public sealed record ContainerCreateResponse(string Id, IReadOnlyList<string> Warnings);
