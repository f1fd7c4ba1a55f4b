namespace Bock.Api.Dtos;

public sealed record ImageRootFsDto
{
    public string Type { get; init; } = "layers";
    /// <summary>The diff ids, bottom first.</summary>
    public required IReadOnlyList<string> Layers { get; init; }
}
