namespace Bock.Api.Dtos;

/// <summary>
/// The aux object of a build line: <see cref="ID"/> alone for the built image (Docker's), or a step's vertex with
/// its state (<c>bock.step</c>: Stage, Index of Count, Name, Status started|cached|done|error, Seconds) or one line
/// of its output (<c>bock.log</c>: Line).
/// </summary>
public sealed record BuildAuxDto
{
    public string? ID { get; init; }
    public int? Vertex { get; init; }
    public string? Stage { get; init; }
    public int? Index { get; init; }
    public int? Count { get; init; }
    public string? Name { get; init; }
    public string? Status { get; init; }
    public double? Seconds { get; init; }
    public string? Line { get; init; }
}
