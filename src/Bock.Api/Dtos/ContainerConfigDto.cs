namespace Bock.Api.Dtos;

public sealed record ContainerConfigDto
{
    public required string Hostname { get; init; }
    public required IReadOnlyList<string> Env { get; init; }
    public required IReadOnlyList<string> Cmd { get; init; }
    public required string Image { get; init; }
    public required string WorkingDir { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
}
