namespace Bock.Api.Dtos;

public sealed record TmpfsOptionsDto
{
    public long SizeBytes { get; init; }
    public int Mode { get; init; }
}
