namespace Bockrose.Compose.Yaml;

/// <summary>One key and its value; keys are always scalars in compose files.</summary>
internal sealed record MappingEntry(ScalarNode Key, ComposeNode Value);
