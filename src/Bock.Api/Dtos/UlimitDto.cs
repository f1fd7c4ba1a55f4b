namespace Bock.Api.Dtos;

/// <summary><c>--ulimit nofile=1024:2048</c> is <c>{"Name":"nofile","Soft":1024,"Hard":2048}</c>.</summary>
public sealed record UlimitDto
{
    public required string Name { get; init; }
    public long Soft { get; init; }
    public long Hard { get; init; }
}
