namespace Bock.Api.Dtos;

public sealed record VolumeCreateRequest
{
    public string? Name { get; init; }
    /// <summary>Only <c>local</c> (or empty).</summary>
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
