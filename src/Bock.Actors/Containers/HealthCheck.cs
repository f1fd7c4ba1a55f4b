namespace Bock.Actors.Containers;

/// <summary>
/// A container's health check, as Docker's HEALTHCHECK / <c>--health-*</c>: <see cref="Test"/> is <c>["CMD", args…]</c>
/// or <c>["CMD-SHELL", command]</c>; a check runs every <see cref="Interval"/>, fails when it exits non-zero or
/// outlives <see cref="Timeout"/>, and <see cref="Retries"/> failures in a row make the container unhealthy. Failures
/// within <see cref="StartPeriod"/> do not count, but a success there already makes it healthy.
/// </summary>
public sealed record HealthCheck(IReadOnlyList<string> Test)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultRetries = 3;

    public TimeSpan Interval { get; init; } = DefaultInterval;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
    public TimeSpan StartPeriod { get; init; } = TimeSpan.Zero;
    public int Retries { get; init; } = DefaultRetries;

    /// <summary>The command to exec, or null for <c>["NONE"]</c> (and for an empty or unknown test form).</summary>
    public IReadOnlyList<string>? Command => Test.Count switch
    {
        > 1 when Test[0] == "CMD" => Test.Skip(1).ToList(),
        2 when Test[0] == "CMD-SHELL" => ["/bin/sh", "-c", Test[1]],
        _ => null,
    };
}
