namespace Bockrose.Compose.Yaml;

/// <summary>
/// A YAML node of a compose file after anchors, aliases and merge keys are resolved. Every node keeps where it
/// was written, so any later stage (schema, merge, normalisation) can point at the line of the mistake.
/// </summary>
internal abstract record ComposeNode(SourceLocation Location)
{
    /// <summary>The explicit tag (<c>!reset</c>, <c>!override</c>), if any.</summary>
    public string? Tag { get; init; }
}
