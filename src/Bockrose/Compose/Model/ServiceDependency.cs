namespace Bockrose.Compose.Model;

/// <summary>
/// A <c>depends_on</c> entry. <see cref="Condition"/> is <c>service_started</c>, <c>service_healthy</c> or
/// <c>service_completed_successfully</c>; the list form means <c>service_started</c>, required.
/// </summary>
public sealed record ServiceDependency(string Condition, bool Required, bool Restart);
