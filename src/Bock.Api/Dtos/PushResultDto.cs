namespace Bock.Api.Dtos;

/// <summary>The <c>aux</c> of a push's last progress line: what the registry now has.</summary>
public sealed record PushResultDto
{
    public required string Tag { get; init; }
    public required string Digest { get; init; }
    public long Size { get; init; }
}
