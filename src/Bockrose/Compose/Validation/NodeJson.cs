using System.Text.Json.Nodes;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Validation;

/// <summary>
/// A compose file as JSON for the schema validator, with the source location of every JSON pointer so a schema
/// error can be reported at the YAML line that caused it (the key's place for an unknown key, else the value's).
/// </summary>
internal sealed class NodeJson
{
    private readonly Dictionary<string, (SourceLocation? Key, SourceLocation Value)> _locations = new(StringComparer.Ordinal);

    private NodeJson()
    {
    }

    public static (JsonNode? Json, IReadOnlyDictionary<string, (SourceLocation? Key, SourceLocation Value)> Locations) Convert(MappingNode root)
    {
        var builder = new NodeJson();
        var json = builder.Convert(root, "", null);
        return (json, builder._locations);
    }

    private JsonNode? Convert(ComposeNode node, string pointer, SourceLocation? key)
    {
        _locations[pointer] = (key, node.Location);
        switch (node)
        {
            case ScalarNode s:
                return s.ToJson();
            case SequenceNode q:
                var array = new JsonArray();
                for (var i = 0; i < q.Items.Length; i++) array.Add(Convert(q.Items[i], $"{pointer}/{i}", null));
                return array;
            case MappingNode m:
                var obj = new JsonObject();
                foreach (var e in m.Entries)
                    obj[e.Key.Value] = Convert(e.Value, $"{pointer}/{Escape(e.Key.Value)}", e.Key.Location);
                return obj;
            default:
                return null;
        }
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    public static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}
