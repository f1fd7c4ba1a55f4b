namespace Bock.Api.Dtos;

/// <summary>One of HostConfig.Mounts (<c>--mount</c>): type bind, volume or tmpfs.</summary>
public sealed record MountDto
{
    public string? Type { get; init; }
    public string? Source { get; init; }
    public string? Target { get; init; }
    public bool ReadOnly { get; init; }
    public TmpfsOptionsDto? TmpfsOptions { get; init; }
}
