namespace Bock.Api.Dtos;

public sealed record ContainerConfigDto
{
    public required string Hostname { get; init; }
    public required IReadOnlyList<string> Env { get; init; }
    public required IReadOnlyList<string> Cmd { get; init; }
    public required string Image { get; init; }
    public required string WorkingDir { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public string User { get; init; } = "";
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public bool StdinOnce { get; init; }
}
