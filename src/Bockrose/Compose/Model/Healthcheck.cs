using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

/// <summary>
/// A health check. <see cref="Test"/> is always the list form: <c>["CMD", ...]</c>, <c>["CMD-SHELL", "..."]</c>
/// (what a string test means) or <c>["NONE"]</c>; empty when only timings are overridden.
/// </summary>
public sealed record Healthcheck(
    ImmutableArray<string> Test,
    TimeSpan? Interval,
    TimeSpan? Timeout,
    TimeSpan? StartPeriod,
    TimeSpan? StartInterval,
    int? Retries,
    bool Disable);
