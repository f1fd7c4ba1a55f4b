using System.Collections.Immutable;
using System.Globalization;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// Typed reads of node values for normalisation. A value that cannot be read is recorded as an error at its
/// location (and read as absent), so one pass reports every mistake instead of the first.
/// </summary>
internal sealed class NodeReader
{
    private readonly List<ComposeError> _errors = [];

    public IReadOnlyList<ComposeError> Errors => _errors;

    public List<string> Warnings { get; } = [];

    public void Error(ComposeNode node, string path, string message) => _errors.Add(new ComposeError(node.Location, $"{path}: {message}"));

    public string? String(ComposeNode? node, string path) => node switch
    {
        null => null,
        ScalarNode s => s.Text,
        _ => Fail<string>(node, path, "must be a string"),
    };

    public bool? Bool(ComposeNode? node, string path)
    {
        if (node is not ScalarNode s || s.IsNull) return node is null or ScalarNode ? null : Fail<bool?>(node, path, "must be a boolean");
        // Interpolated values arrive as strings; compose casts them, accepting the YAML 1.1 spellings too.
        return s.Value.ToLowerInvariant() switch
        {
            "true" or "yes" or "y" or "on" or "1" => true,
            "false" or "no" or "n" or "off" or "0" => false,
            _ => Fail<bool?>(node, path, $"\"{s.Value}\" is not a boolean"),
        };
    }

    public long? Long(ComposeNode? node, string path)
    {
        if (node is not ScalarNode s || s.IsNull) return node is null or ScalarNode ? null : Fail<long?>(node, path, "must be an integer");
        return long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : Fail<long?>(node, path, $"\"{s.Value}\" is not an integer");
    }

    public int? Int(ComposeNode? node, string path) => Long(node, path) is { } v ? (int)Math.Clamp(v, int.MinValue, int.MaxValue) : null;

    public double? Double(ComposeNode? node, string path)
    {
        if (node is not ScalarNode s || s.IsNull) return node is null or ScalarNode ? null : Fail<double?>(node, path, "must be a number");
        return double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : Fail<double?>(node, path, $"\"{s.Value}\" is not a number");
    }

    public TimeSpan? Duration(ComposeNode? node, string path)
    {
        if (String(node, path) is not { } text) return null;
        return GoDuration.TryParse(text, out var d) ? d : Fail<TimeSpan?>(node!, path, $"\"{text}\" is not a duration (like 10s, 1m30s, 500ms)");
    }

    public long? Bytes(ComposeNode? node, string path)
    {
        if (String(node, path) is not { } text) return null;
        return ByteSize.TryParse(text, out var b) ? b : Fail<long?>(node!, path, $"\"{text}\" is not a size (like 512m, 1g)");
    }

    /// <summary>A string or a list of strings, as a list.</summary>
    public ImmutableArray<string> StringList(ComposeNode? node, string path) => node switch
    {
        null => [],
        ScalarNode s when s.IsNull => [],
        ScalarNode s => [s.Value],
        SequenceNode q => [.. q.Items.Select((i, n) => String(i, $"{path}[{n}]")).OfType<string>()],
        _ => FailWith(node, path, "must be a string or a list of strings", ImmutableArray<string>.Empty),
    };

    /// <summary>A mapping of scalars (lists were made mappings by ListForms); null values kept as null.</summary>
    public ImmutableSortedDictionary<string, string?> NullableMap(ComposeNode? node, string path)
    {
        if (node is null || node is ScalarNode { IsNull: true }) return ImmutableSortedDictionary<string, string?>.Empty.WithComparers(StringComparer.Ordinal);
        if (node is not MappingNode m)
            return FailWith(node, path, "must be a mapping or a list of KEY=VALUE", ImmutableSortedDictionary<string, string?>.Empty.WithComparers(StringComparer.Ordinal));
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        foreach (var e in m.Entries) builder[e.Key.Value] = String(e.Value, $"{path}.{e.Key.Value}");
        return builder.ToImmutable();
    }

    public ImmutableSortedDictionary<string, string> Map(ComposeNode? node, string path) =>
        NullableMap(node, path).ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value ?? "", StringComparer.Ordinal);

    public MappingNode? Mapping(ComposeNode? node, string path) => node switch
    {
        null => null,
        ScalarNode { IsNull: true } => null,
        MappingNode m => m,
        _ => Fail<MappingNode?>(node, path, "must be a mapping"),
    };

    /// <summary><c>x-*</c> keys of a mapping as immutable plain data.</summary>
    public static ImmutableSortedDictionary<string, object?> Extensions(MappingNode? node)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        foreach (var e in node?.Entries ?? [])
            if (e.Key.Value.StartsWith("x-", StringComparison.Ordinal)) builder[e.Key.Value] = Plain(e.Value);
        return builder.ToImmutable();
    }

    public static object? Plain(ComposeNode node) => node switch
    {
        ScalarNode s => s.ToJson() switch
        {
            null => null,
            var j when j.GetValueKind() == System.Text.Json.JsonValueKind.String => j.GetValue<string>(),
            var j when j.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => j.GetValue<bool>(),
            var j when s.AsInteger() is { } i => i,
            var j => j.GetValue<double>(),
        },
        SequenceNode q => q.Items.Select(Plain).ToImmutableArray(),
        MappingNode m => m.Entries.ToImmutableSortedDictionary(e => e.Key.Value, e => Plain(e.Value), StringComparer.Ordinal),
        _ => null,
    };

    private T Fail<T>(ComposeNode node, string path, string message) => FailWith<T>(node, path, message, default!);

    private T FailWith<T>(ComposeNode node, string path, string message, T value)
    {
        Error(node, path, message);
        return value;
    }
}
