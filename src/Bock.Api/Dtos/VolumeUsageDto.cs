namespace Bock.Api.Dtos;

/// <summary>Filled by /system/df only (Docker's -1 means not computed).</summary>
public sealed record VolumeUsageDto
{
    public long Size { get; init; } = -1;
    public long RefCount { get; init; } = -1;
}
