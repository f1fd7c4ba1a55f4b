using Bock.Actors.Containers;
using Bock.Images.Oci;

namespace Bock.Host.Containers;

/// <summary>
/// The container's health check as Docker settles it: the request's <c>--health-*</c> over the image's HEALTHCHECK,
/// field by field (an empty test or a zero duration inherits), then Docker's defaults. <c>["NONE"]</c> disables.
/// </summary>
public static class HealthCheckMerge
{
    /// <exception cref="FormatException">A test form Docker does not know, or a negative value.</exception>
    public static HealthCheck? Merge(HealthcheckDto? request, HealthConfig? image)
    {
        var test = request?.Test is { Count: > 0 } t ? t : image?.Test;
        if (test is null || test.Count == 0 || test[0] == "NONE") return null;
        if (test[0] is not ("CMD" or "CMD-SHELL") || test.Count < 2)
            throw new FormatException($"invalid healthcheck test {string.Join(' ', test)}: it must be [\"NONE\"], [\"CMD\", args...] or [\"CMD-SHELL\", command]");
        static TimeSpan? Nanos(long value, string what) => value switch
        {
            < 0 => throw new FormatException($"Health{what} in healthcheck cannot be negative"),
            0 => null,
            _ => TimeSpan.FromTicks(value / 100),
        };
        var retries = request?.Retries is > 0 and var r ? r : image?.Retries is > 0 and var ir ? ir : HealthCheck.DefaultRetries;
        if (request?.Retries < 0) throw new FormatException("Retries in healthcheck cannot be negative");
        return new HealthCheck(test)
        {
            Interval = Nanos(request?.Interval ?? 0, "Interval") ?? Nanos(image?.Interval ?? 0, "Interval") ?? HealthCheck.DefaultInterval,
            Timeout = Nanos(request?.Timeout ?? 0, "Timeout") ?? Nanos(image?.Timeout ?? 0, "Timeout") ?? HealthCheck.DefaultTimeout,
            StartPeriod = Nanos(request?.StartPeriod ?? 0, "StartPeriod") ?? Nanos(image?.StartPeriod ?? 0, "StartPeriod") ?? TimeSpan.Zero,
            Retries = retries,
        };
    }
}
