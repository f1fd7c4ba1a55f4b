namespace Bock.Api.Dtos;

/// <summary>An image's default container configuration, as image inspect shows it.</summary>
public sealed record ImageContainerConfigDto
{
    public string Hostname { get; init; } = "";
    public string Domainname { get; init; } = "";
    public string User { get; init; } = "";
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public string WorkingDir { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, EmptyJsonObject>? Volumes { get; init; }
    public IReadOnlyDictionary<string, EmptyJsonObject>? ExposedPorts { get; init; }
    public string? StopSignal { get; init; }
}
