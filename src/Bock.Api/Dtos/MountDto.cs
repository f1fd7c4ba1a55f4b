namespace Bock.Api.Dtos;

/// <summary>One of HostConfig.Mounts (<c>--mount type=bind|volume|tmpfs,source=…,target=…,readonly</c>).</summary>
public sealed record MountDto
{
    public string? Type { get; init; }
    public string? Source { get; init; }
    public string? Target { get; init; }
    public bool ReadOnly { get; init; }
    public TmpfsOptionsDto? TmpfsOptions { get; init; }
}
