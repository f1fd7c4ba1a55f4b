namespace Bock.Host.Api.Dtos;

public sealed record RestartPolicyDto
{
    public string? Name { get; init; }
    public int MaximumRetryCount { get; init; }
}
