namespace Bock.Api.Dtos;

/// <summary>One host side of a published port: <c>-p [HostIp:]HostPort:…</c>; an empty HostPort asks for any free one.</summary>
public sealed record PortBindingDto
{
    public string? HostIp { get; init; }
    public string? HostPort { get; init; }
}
