namespace Bockrose.Compose.Model;

public sealed record UpdateConfig(
    int? Parallelism,
    TimeSpan? Delay,
    string? FailureAction,
    TimeSpan? Monitor,
    double? MaxFailureRatio,
    string? Order);
