namespace Bockrose.Compose.Model;

/// <summary><c>deploy.restart_policy</c>; <see cref="Condition"/> is <c>none</c>, <c>on-failure</c> or <c>any</c>.</summary>
public sealed record RestartPolicy(string? Condition, TimeSpan? Delay, int? MaxAttempts, TimeSpan? Window);
