using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bockrose.Compose.Yaml;

/// <summary>
/// Reads one compose file into <see cref="ComposeNode"/>s. YamlDotNet resolves aliases to the anchored node but
/// leaves merge keys (<c>&lt;&lt;</c>) as ordinary entries in its representation model, so they are applied here:
/// keys written in the mapping win over merged ones, and earlier mappings in a merge list win over later ones
/// (YAML 1.1 merge-key rules, which compose follows).
/// </summary>
internal sealed class YamlDocumentReader
{
    private const string MergeKey = "<<";
    private readonly string _displayPath;
    private readonly Dictionary<YamlNode, ComposeNode> _converted = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<YamlNode> _inProgress = new(ReferenceEqualityComparer.Instance);

    private YamlDocumentReader(string displayPath) => _displayPath = displayPath;

    /// <summary>Parses <paramref name="text"/>; an empty file is an empty mapping.</summary>
    public static MappingNode Read(string text, string displayPath)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var where = new SourceLocation(displayPath, (int)e.Start.Line, (int)e.Start.Column);
            var inner = e.InnerException is { } i && i.Message != e.Message ? $": {i.Message}" : "";
            throw new ComposeException(where, $"invalid YAML: {e.Message}{inner}");
        }
        catch (ArgumentException e)
        {
            // A malformed document that YamlDotNet rejects from a collection rather than its parser has no position.
            throw new ComposeException(new SourceLocation(displayPath, 1, 1), $"invalid YAML: {e.Message}");
        }

        var top = new SourceLocation(displayPath, 1, 1);
        if (stream.Documents.Count == 0) return MappingNode.Empty(top);
        if (stream.Documents.Count > 1)
            throw new ComposeException(top, "a compose file holds exactly one YAML document");
        var root = new YamlDocumentReader(displayPath).Convert(stream.Documents[0].RootNode);
        return root switch
        {
            MappingNode m => m,
            ScalarNode s when s.IsNull => MappingNode.Empty(top),
            _ => throw new ComposeException(root.Location, "the top level of a compose file must be a mapping"),
        };
    }

    private SourceLocation Where(YamlNode node) => new(_displayPath, (int)node.Start.Line, (int)node.Start.Column);

    private ComposeNode Convert(YamlNode node)
    {
        if (_converted.TryGetValue(node, out var done)) return done;
        if (!_inProgress.Add(node)) throw new ComposeException(Where(node), "an alias refers to the node that contains it");
        ComposeNode result = node switch
        {
            YamlScalarNode s => new ScalarNode(s.Value ?? "", s.Style is ScalarStyle.Plain or ScalarStyle.Any, Where(s)),
            YamlSequenceNode q => new SequenceNode([.. q.Children.Select(Convert)], Where(q)),
            YamlMappingNode m => ConvertMapping(m),
            _ => throw new ComposeException(Where(node), $"unsupported YAML node {node.NodeType}"),
        };
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific) result = result with { Tag = node.Tag.Value };
        _inProgress.Remove(node);
        _converted[node] = result;
        return result;
    }

    private MappingNode ConvertMapping(YamlMappingNode node)
    {
        var explicitEntries = new List<MappingEntry>();
        var merged = new List<MappingEntry>();
        var mergeAt = -1;
        foreach (var (k, v) in node.Children)
        {
            if (k is not YamlScalarNode key)
                throw new ComposeException(Where(k), "mapping keys must be scalars");
            if (key.Value == MergeKey && key.Style is ScalarStyle.Plain or ScalarStyle.Any)
            {
                mergeAt = explicitEntries.Count;
                merged.AddRange(MergeSources(v));
                continue;
            }
            explicitEntries.Add(new MappingEntry(new ScalarNode(key.Value ?? "", false, Where(key)), Convert(v)));
        }

        if (mergeAt < 0) return new MappingNode([.. explicitEntries], Where(node));
        var present = new HashSet<string>(explicitEntries.Select(e => e.Key.Value));
        var fromMerge = new List<MappingEntry>();
        foreach (var e in merged)
            if (present.Add(e.Key.Value)) fromMerge.Add(e);
        explicitEntries.InsertRange(mergeAt, fromMerge);
        return new MappingNode([.. explicitEntries], Where(node));
    }

    /// <summary>The entries a merge key brings, earliest source first so the first one wins.</summary>
    private IEnumerable<MappingEntry> MergeSources(YamlNode value)
    {
        var sources = value is YamlSequenceNode seq ? seq.Children.ToList() : [value];
        foreach (var source in sources)
        {
            if (Convert(source) is not MappingNode m)
                throw new ComposeException(Where(source), "a merge key (<<) takes a mapping or a list of mappings");
            foreach (var e in m.Entries) yield return e;
        }
    }
}
