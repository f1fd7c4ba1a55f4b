namespace Bock.Builder.Bockfile;

/// <summary>
/// The keys of one mapping, checked against the keys its place allows: an unknown key is an error (with the nearest
/// known key), so a typo never silently drops a setting. Keys starting <c>x-</c> are allowed where
/// <paramref name="allowExtensions"/> says so: they hold YAML anchors for reuse.
/// </summary>
internal sealed class SpecFields
{
    private readonly SpecMapping _mapping;
    private readonly string _context;

    public SpecFields(SpecNode node, string context, IReadOnlyCollection<string> known, bool allowExtensions = false)
    {
        _mapping = node as SpecMapping ?? throw node.Error($"{context} must be a mapping, not {node.Describe}");
        _context = context;
        foreach (var entry in _mapping.Entries)
        {
            var key = entry.Key.Value;
            if (known.Contains(key) || (allowExtensions && key.StartsWith("x-", StringComparison.Ordinal))) continue;
            throw entry.Key.Error($"unknown key '{key}' in {context}{NearestName.Hint(key, known)}");
        }
    }

    public SpecMapping Mapping => _mapping;

    /// <summary>The value of <paramref name="key"/>; null when absent or written as null (<c>key:</c> or <c>key: ~</c>).</summary>
    public SpecNode? Optional(string key) =>
        _mapping.Find(key)?.Value is { } value && !(value is SpecScalar { IsNull: true }) ? value : null;

    public SpecNode Required(string key) =>
        Optional(key) ?? throw (_mapping.Find(key) is { } present
            ? present.Key.Error($"'{key}' in {_context} needs a value")
            : _mapping.Error($"{_context} needs '{key}'"));

    public SpecScalar KeyOf(string key) => _mapping.Find(key)!.Key;
}
