namespace Bock.Api.Dtos;

/// <summary>Docker's ExecConfig (POST /containers/{id}/exec). <see cref="ConsoleSize"/> is [height, width].</summary>
public sealed record ExecCreateRequest
{
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public bool Tty { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public bool Privileged { get; init; }
    public string? DetachKeys { get; init; }
    public IReadOnlyList<int>? ConsoleSize { get; init; }
}
