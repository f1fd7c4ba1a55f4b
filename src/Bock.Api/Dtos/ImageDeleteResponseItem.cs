namespace Bock.Api.Dtos;

/// <summary>One line of DELETE /images/{name}'s answer: a name untagged or an image deleted.</summary>
public sealed record ImageDeleteResponseItem
{
    public string? Untagged { get; init; }
    public string? Deleted { get; init; }
}
