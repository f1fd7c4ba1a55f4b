using Bock.Builder.Graph;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bock.Builder.Bockfile;

/// <summary>
/// Reads one YAML document into <see cref="SpecNode"/>s from YamlDotNet's parser events, keeping each node's mark.
/// Duplicate keys are refused here (YAML forbids them; a duplicate stage name must not silently win), aliases are
/// resolved to their anchored node, and merge keys (<c>&lt;&lt;</c>, YAML 1.1 only) are left as ordinary keys.
/// </summary>
internal sealed class SpecNodeReader
{
    private readonly string _fileName;
    private readonly Dictionary<string, SpecNode> _anchors = new(StringComparer.Ordinal);

    private SpecNodeReader(string fileName) => _fileName = fileName;

    public static SpecNode Read(string text, string fileName)
    {
        var reader = new SpecNodeReader(fileName);
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
                throw new BuildSpecException(new SourceLocation(fileName, 1, 1), "the Bockfile is empty");
            var root = reader.ReadNode(parser);
            parser.Consume<DocumentEnd>();
            if (parser.TryConsume<DocumentStart>(out var second))
                throw new BuildSpecException(reader.At(second.Start), "a Bockfile is one YAML document; found a second one");
            return root;
        }
        catch (YamlException e)
        {
            // YamlDotNet's message repeats the marks; keep only its reason after them.
            var reason = e.Message;
            var cut = reason.IndexOf("): ", StringComparison.Ordinal);
            if (reason.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0) reason = reason[(cut + 3)..];
            throw new BuildSpecException(reader.At(e.Start), $"invalid YAML: {reason}");
        }
    }

    private SourceLocation At(Mark mark) => new(_fileName, (int)mark.Line, (int)mark.Column);

    private SpecNode ReadNode(IParser parser)
    {
        switch (parser.Current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return _anchors.TryGetValue(alias.Value.Value, out var anchored)
                    ? anchored
                    : throw new BuildSpecException(At(alias.Start), $"unknown alias '*{alias.Value.Value}'");
            case Scalar scalar:
                parser.MoveNext();
                return Anchor(scalar.Anchor, new SpecScalar(At(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain));
            case SequenceStart start:
            {
                parser.MoveNext();
                var items = new List<SpecNode>();
                while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser));
                return Anchor(start.Anchor, new SpecSequence(At(start.Start), items));
            }
            case MappingStart start:
            {
                parser.MoveNext();
                var entries = new List<SpecEntry>();
                var seen = new Dictionary<string, SpecScalar>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(parser);
                    if (keyNode is not SpecScalar key || key.IsNull)
                        throw keyNode.Error($"a key must be a name, not {keyNode.Describe}");
                    if (seen.TryGetValue(key.Value, out var first))
                        throw key.Error($"duplicate key '{key.Value}' (first at line {first.Location.Line}, column {first.Location.Column})");
                    seen.Add(key.Value, key);
                    entries.Add(new SpecEntry(key, ReadNode(parser)));
                }
                return Anchor(start.Anchor, new SpecMapping(At(start.Start), entries));
            }
            default:
                throw new BuildSpecException(At(parser.Current?.Start ?? Mark.Empty), "unexpected YAML event");
        }
    }

    private SpecNode Anchor(AnchorName anchor, SpecNode node)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        return node;
    }
}
