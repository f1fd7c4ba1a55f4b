namespace Bock.Api.Dtos;

/// <summary>
/// POST /exec/{id}/start. <see cref="Detach"/> false: the answer is a hijacked stream (send <c>Connection: Upgrade</c>,
/// <c>Upgrade: tcp</c>). <see cref="ConsoleSize"/> is [height, width].
/// </summary>
public sealed record ExecStartRequest
{
    public bool Detach { get; init; }
    public bool Tty { get; init; }
    public IReadOnlyList<int>? ConsoleSize { get; init; }
}
