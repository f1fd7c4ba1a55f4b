using System.Collections.Immutable;

namespace Bockrose.Compose.Yaml;

internal sealed record SequenceNode(ImmutableArray<ComposeNode> Items, SourceLocation Location) : ComposeNode(Location);
