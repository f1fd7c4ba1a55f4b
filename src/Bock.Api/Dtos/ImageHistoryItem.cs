namespace Bock.Api.Dtos;

/// <summary>One entry of GET /images/{name}/history, newest first; Id is <c>&lt;missing&gt;</c> below the top, as Docker's.</summary>
public sealed record ImageHistoryItem
{
    public required string Id { get; init; }
    public long Created { get; init; }
    public string CreatedBy { get; init; } = "";
    public IReadOnlyList<string>? Tags { get; init; }
    public long Size { get; init; }
    public string Comment { get; init; } = "";
}
