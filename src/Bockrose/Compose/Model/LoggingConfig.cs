using System.Collections.Immutable;

namespace Bockrose.Compose.Model;

public sealed record LoggingConfig(string? Driver, ImmutableSortedDictionary<string, string> Options);
