using System.Text.Json.Nodes;
using Json.Schema;

namespace Bockrose.Compose.Validation;

/// <summary>The vendored compose-spec JSON Schema, built once: as a validator and as raw JSON for key suggestions.</summary>
internal static class ComposeSchema
{
    private static readonly Lazy<(JsonSchema Schema, JsonNode Raw)> Loaded = new(Load);

    public static JsonSchema Schema => Loaded.Value.Schema;

    public static JsonNode Raw => Loaded.Value.Raw;

    private static (JsonSchema, JsonNode) Load()
    {
        using var stream = typeof(ComposeSchema).Assembly.GetManifestResourceStream("Bockrose.Schema.compose-spec.json")
            ?? throw new InvalidOperationException("the compose-spec schema is not embedded in Bockrose");
        // The file names draft 7 as "https://json-schema.org/draft-07/schema"; the validator knows the dialect by
        // its canonical id only, so the alias is swapped in memory and the vendored file stays as published.
        var text = new StreamReader(stream).ReadToEnd()
            .Replace("\"https://json-schema.org/draft-07/schema\"", "\"http://json-schema.org/draft-07/schema#\"");
        // The schema's $id is relative; give it an absolute base so its internal $refs resolve.
        var schema = JsonSchema.FromText(text, null, new Uri("https://bock.invalid/compose-spec.json"));
        return (schema, JsonNode.Parse(text)!);
    }

    /// <summary>
    /// The sub-schema an evaluation path leads to. The path goes through <c>$ref</c>s, which are followed here,
    /// because the validator's own schema locations are not reliable for keywords under <c>items</c>.
    /// </summary>
    public static JsonNode? At(string evaluationPath)
    {
        JsonNode? node = Raw;
        foreach (var raw in evaluationPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = NodeJson.Unescape(raw);
            if (segment == "$ref" && node?["$ref"]?.GetValue<string>() is { } reference)
            {
                node = Raw;
                foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
                    node = node?[NodeJson.Unescape(part)];
                continue;
            }
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The property names the schema at an evaluation path declares.</summary>
    public static IReadOnlyList<string> PropertiesAt(string evaluationPath) =>
        At(evaluationPath) is JsonObject { } obj && obj["properties"] is JsonObject props ? [.. props.Select(p => p.Key)] : [];

    /// <summary>The name pattern of a schema whose keys are names (its patternProperties other than <c>^x-</c>).</summary>
    public static string? NamePatternAt(string evaluationPath) =>
        At(evaluationPath) is JsonObject obj && obj["patternProperties"] is JsonObject patterns
            ? patterns.Select(p => p.Key).FirstOrDefault(p => p != "^x-")
            : null;

    /// <summary>The <c>type</c> keyword of the schema at an evaluation path, as words ("a string or an integer").</summary>
    public static string? TypeAt(string evaluationPath)
    {
        var type = At(evaluationPath) is JsonObject obj ? obj["type"] : null;
        var names = type switch
        {
            JsonValue v => [v.GetValue<string>()],
            JsonArray arr => arr.Select(t => t!.GetValue<string>()).ToList(),
            _ => new List<string>(),
        };
        return names.Count == 0 ? null : string.Join(" or ", names.Select(n => (n is "integer" or "object" or "array" ? "an " : "a ") + n));
    }
}
