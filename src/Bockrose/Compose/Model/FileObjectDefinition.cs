namespace Bockrose.Compose.Model;

/// <summary>
/// A top-level secret or config: its content comes from an absolute <see cref="File"/>, an
/// <see cref="Environment"/> variable, inline <see cref="Content"/> (configs only), or it is external.
/// </summary>
public sealed record FileObjectDefinition(string Name, string? File, string? Environment, string? Content, bool External);
