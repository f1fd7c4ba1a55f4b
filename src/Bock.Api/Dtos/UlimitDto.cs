namespace Bock.Api.Dtos;

/// <summary><c>--ulimit nofile=1024:2048</c>: Name without the RLIMIT_ prefix, lower case.</summary>
public sealed record UlimitDto
{
    public string Name { get; init; } = "";
    public long Soft { get; init; }
    public long Hard { get; init; }
}
