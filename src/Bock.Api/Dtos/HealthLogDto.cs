namespace Bock.Api.Dtos;

/// <summary>One probe of State.Health.Log: RFC 3339 times, the exit code (-1: it could not run or timed out) and its output.</summary>
public sealed record HealthLogDto(string Start, string End, int ExitCode, string Output);
