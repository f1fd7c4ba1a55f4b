namespace Bock.Api.Dtos;

/// <summary>
/// Docker's HealthConfig. Test is <c>["NONE"]</c>, <c>["CMD", args…]</c> or <c>["CMD-SHELL", command]</c>; durations
/// are nanoseconds, 0 meaning "inherit" (from the image, else Docker's defaults: 30s interval and timeout, 3 retries).
/// </summary>
public sealed record HealthcheckDto
{
    public IReadOnlyList<string>? Test { get; init; }
    public long Interval { get; init; }
    public long Timeout { get; init; }
    public long StartPeriod { get; init; }
    public long StartInterval { get; init; }
    public int Retries { get; init; }
}
