using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bock.Cli.Output;

/// <summary>
/// The part of Go's text/template that <c>--format</c> users write: <c>{{.Field}}</c>, nested <c>{{.A.B}}</c>,
/// <c>{{json .}}</c> / <c>{{json .Field}}</c>, <c>{{index .Labels "k"}}</c>, <c>{{.Label "k"}}</c>,
/// <c>{{range .List}}…{{end}}</c> (not nested; <c>.</c> is the element inside) and a <c>table</c> prefix for a header
/// row. Fields are looked up in a JSON object; anything else is an error, not silently empty, except a field an
/// element of a range lacks: that is Go's <c>&lt;no value&gt;</c> (inspect's Mounts have a Name only for volumes).
/// </summary>
internal sealed partial class GoTemplate
{
    [GeneratedRegex(@"\{\{\s*(.*?)\s*\}\}")]
    private static partial Regex Action();

    [GeneratedRegex("""^\(index\s+(\.[\w.]+)\s+"([^"]*)"\)((?:\.\w+)*)$""")]
    private static partial Regex IndexThenField();

    [GeneratedRegex(@"\{\{\s*range\s+(\.[\w.]*)\s*\}\}(.*?)\{\{\s*end\s*\}\}", RegexOptions.Singleline)]
    private static partial Regex Range();

    private readonly string _template;

    public GoTemplate(string template)
    {
        IsTable = template.StartsWith("table ", StringComparison.Ordinal) || template == "table";
        _template = (IsTable ? template[Math.Min(6, template.Length)..] : template).Replace("\\t", "\t").Replace("\\n", "\n");
    }

    public bool IsTable { get; }

    /// <summary>The header row of a table template: each field's name in capitals, as docker's.</summary>
    public string Header() => Action().Replace(_template, m => HeaderName(m.Groups[1].Value));

    public string Render(JsonElement value)
    {
        var output = new StringBuilder();
        var at = 0;
        foreach (Match range in Range().Matches(_template))
        {
            output.Append(Fill(_template[at..range.Index], value, lenient: false));
            var list = Lookup(value, range.Groups[1].Value);
            // Go ranges over a map's values in key order; null (a nil slice) ranges over nothing.
            var items = list.ValueKind switch
            {
                JsonValueKind.Array => list.EnumerateArray().ToList(),
                JsonValueKind.Object => [.. list.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Value)],
                JsonValueKind.Null => [],
                _ => throw new FormatException($"template: range can't iterate over {Text(list)}"),
            };
            foreach (var item in items) output.Append(Fill(range.Groups[2].Value, item, lenient: true));
            at = range.Index + range.Length;
        }
        return output.Append(Fill(_template[at..], value, lenient: false)).ToString();
    }

    private static string Fill(string template, JsonElement value, bool lenient) =>
        Action().Replace(template, m => Evaluate(m.Groups[1].Value, value, lenient));

    private static string HeaderName(string action)
    {
        var field = action.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last().TrimStart('.');
        var words = Regex.Replace(field, "([a-z])([A-Z])", "$1 $2");
        return words.ToUpperInvariant() switch
        {
            "ID" => "CONTAINER ID",
            var other => other,
        };
    }

    private static string Evaluate(string action, JsonElement root, bool lenient)
    {
        // (index .Map "key").Field, as in docker's inspect -f '{{(index .NetworkSettings.Networks "net").IPAddress}}'
        if (IndexThenField().Match(action) is { Success: true } chained)
        {
            var map = Lookup(root, chained.Groups[1].Value);
            return map.ValueKind == JsonValueKind.Object && map.TryGetProperty(chained.Groups[2].Value, out var entry)
                ? Text(Lookup(entry, chained.Groups[3].Value))
                : "<no value>";
        }
        var parts = Tokenize(action);
        if (parts.Count == 0) return "";
        switch (parts[0])
        {
            case "json":
                return parts.Count > 1 ? Lookup(root, parts[1]).GetRawText() : root.GetRawText();
            case "index" when parts.Count == 3:
                var map = Lookup(root, parts[1]);
                return map.ValueKind == JsonValueKind.Object && map.TryGetProperty(parts[2], out var v) ? Text(v) : "";
            case "upper" when parts.Count == 2:
                return Text(Lookup(root, parts[1])).ToUpperInvariant();
            case "lower" when parts.Count == 2:
                return Text(Lookup(root, parts[1])).ToLowerInvariant();
        }
        if (parts.Count == 2 && parts[0] == ".Label")
        {
            var labels = root.TryGetProperty("LabelMap", out var labelMap) ? labelMap : Lookup(root, ".Labels");
            return labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(parts[1], out var label) ? Text(label) : "";
        }
        if (parts.Count == 1 && parts[0].StartsWith('.'))
        {
            if (!lenient) return Text(Lookup(root, parts[0]));
            try
            {
                return Text(Lookup(root, parts[0]));
            }
            catch (FormatException)
            {
                return "<no value>";
            }
        }
        throw new FormatException($"template: unsupported action {{{{{action}}}}}");
    }

    private static JsonElement Lookup(JsonElement root, string path)
    {
        var current = root;
        foreach (var name in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !TryGetCaseInsensitive(current, name, out current))
                throw new FormatException($"template: can't evaluate field {name}");
        }
        return current;
    }

    private static bool TryGetCaseInsensitive(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value)) return true;
        foreach (var property in obj.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        return false;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "<no value>",
        JsonValueKind.Array => "[" + string.Join(' ', value.EnumerateArray().Select(Text)) + "]",
        JsonValueKind.Object => "map[" + string.Join(' ', value.EnumerateObject().Select(p => $"{p.Name}:{Text(p.Value)}")) + "]",
        _ => value.GetRawText(),
    };

    private static List<string> Tokenize(string action)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in action)
        {
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }
            if (c == ' ' && !quoted)
            {
                if (current.Length > 0) tokens.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }
}
