namespace Bock.Actors.Containers;

/// <summary>State.Health of docker inspect: the status, the failures in a row, the last probes.</summary>
public sealed record HealthReport(string Status, int FailingStreak, IReadOnlyList<HealthProbe> Log)
{
    public static readonly HealthReport Starting = new(HealthStatus.Starting, 0, []);
}
