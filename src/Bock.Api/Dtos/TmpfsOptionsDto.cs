namespace Bock.Api.Dtos;

public sealed record TmpfsOptionsDto
{
    /// <summary>Bytes; 0 is the kernel's default (half of RAM).</summary>
    public long SizeBytes { get; init; }

    /// <summary>Permission bits as a number (Docker sends decimal of the octal mode, e.g. 1023 for 01777).</summary>
    public int Mode { get; init; }
}
