namespace Bock.Api.Dtos;

/// <summary>GET /containers/{id}/top: ps's column titles and one row of strings per process in the container.</summary>
public sealed record ContainerTopResponse(IReadOnlyList<string> Titles, IReadOnlyList<IReadOnlyList<string>> Processes);
