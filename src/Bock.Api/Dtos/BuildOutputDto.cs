namespace Bock.Api.Dtos;

/// <summary>One entry of <c>POST /build?outputs=</c> (Docker's shape): Type image|oci|docker|local, Attrs.dest an absolute host path.</summary>
public sealed record BuildOutputDto
{
    public string? Type { get; init; }
    public Dictionary<string, string>? Attrs { get; init; }
}
