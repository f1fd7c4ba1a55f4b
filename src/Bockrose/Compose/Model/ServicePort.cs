namespace Bockrose.Compose.Model;

/// <summary>
/// A port in compose's long form. <see cref="Published"/> is a string because it may be a range (<c>8000-8010</c>)
/// or absent (an ephemeral host port).
/// </summary>
public sealed record ServicePort(
    int Target,
    string? Published,
    string? HostIp,
    string Protocol,
    string Mode,
    string? Name,
    string? AppProtocol);
