namespace Bock.Api.Dtos;

public sealed record RestartPolicyDto
{
    public string? Name { get; init; }
    public int MaximumRetryCount { get; init; }
}
