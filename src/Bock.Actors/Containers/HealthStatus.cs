namespace Bock.Actors.Containers;

/// <summary>Docker's health states, spelled as its API and events spell them.</summary>
public static class HealthStatus
{
    public const string Starting = "starting";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}
