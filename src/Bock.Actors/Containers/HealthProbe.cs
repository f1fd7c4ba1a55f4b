namespace Bock.Actors.Containers;

/// <summary>One run of a health check, as Docker's State.Health.Log keeps it (the last five).</summary>
public sealed record HealthProbe(DateTimeOffset Start, DateTimeOffset End, int ExitCode, string Output);
