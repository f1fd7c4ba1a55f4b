namespace Bock.Api.Dtos;

/// <summary>Docker's IDResponse, as POST /containers/{id}/exec answers it (201).</summary>
public sealed record ExecCreateResponse(string Id);
