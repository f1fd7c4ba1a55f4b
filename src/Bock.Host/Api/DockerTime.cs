using System.Globalization;
using Bock.Api;
using Bock.Host.Containers;

namespace Bock.Host.Api;

/// <summary>Times as Docker writes them: RFC 3339 with Go's zero time for "never", and the human Status of docker ps.</summary>
internal static class DockerTime
{
    public const string Never = "0001-01-01T00:00:00Z";

    public static string Format(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : Never;

    public static string Status(ContainerRecord c, DateTimeOffset now) => c.State switch
    {
        "running" => $"Up {Ago(now - (c.StartedAt ?? now))}{HealthSuffix(c.Health)}",
        "paused" => $"Up {Ago(now - (c.StartedAt ?? now))} (Paused)",
        "restarting" => $"Restarting ({c.ExitCode}) {Ago(now - (c.FinishedAt ?? now))} ago",
        "exited" => $"Exited ({c.ExitCode}) {Ago(now - (c.FinishedAt ?? now))} ago",
        "created" => "Created",
        var other => other,
    };

    /// <summary>docker ps's " (healthy)", " (unhealthy)", " (health: starting)".</summary>
    private static string HealthSuffix(string? health) => health switch
    {
        null => "",
        "starting" => " (health: starting)",
        var status => $" ({status})",
    };

    private static string Ago(TimeSpan span) => HumanDuration.Of(span);
}
