using System.Collections.Immutable;

namespace Bockrose.Compose.Yaml;

/// <summary>A mapping, in the order it was written.</summary>
internal sealed record MappingNode(ImmutableArray<MappingEntry> Entries, SourceLocation Location) : ComposeNode(Location)
{
    public static MappingNode Empty(SourceLocation location) => new([], location);

    public ComposeNode? this[string key] => Find(key)?.Value;

    public MappingEntry? Find(string key)
    {
        foreach (var e in Entries)
            if (e.Key.Value == key) return e;
        return null;
    }

    public IEnumerable<string> Keys => Entries.Select(e => e.Key.Value);

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>, in place if present, else appended.</summary>
    public MappingNode With(string key, ComposeNode value, SourceLocation? keyLocation = null)
    {
        for (var i = 0; i < Entries.Length; i++)
            if (Entries[i].Key.Value == key)
                return this with { Entries = Entries.SetItem(i, Entries[i] with { Value = value }) };
        var k = new ScalarNode(key, false, keyLocation ?? value.Location);
        return this with { Entries = Entries.Add(new MappingEntry(k, value)) };
    }

    public MappingNode Without(string key) => this with { Entries = Entries.RemoveAll(e => e.Key.Value == key) };
}
