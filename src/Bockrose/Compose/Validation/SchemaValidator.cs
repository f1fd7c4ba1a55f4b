using System.Text.Json;
using Bockrose.Compose.Yaml;
using Json.Schema;

namespace Bockrose.Compose.Validation;

/// <summary>
/// Validates one parsed compose file against the compose-spec schema and turns the validator's findings into
/// errors a person can act on: the YAML file:line:column, the dotted path, and for an unknown key the closest
/// known key. Where the schema offers alternatives (<c>oneOf</c>), only the innermost failures are reported,
/// since the outer ones are the branches the user did not mean.
/// </summary>
internal static class SchemaValidator
{
    public static void Validate(MappingNode file)
    {
        var (json, locations) = NodeJson.Convert(file);
        using var document = JsonDocument.Parse(json?.ToJsonString() ?? "{}");
        var results = ComposeSchema.Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return;

        var failures = (results.Details ?? [])
            .Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .Select(d => (Instance: d.InstanceLocation.ToString(), Schema: d.EvaluationPath.ToString(), Errors: d.Errors!))
            .ToList();

        var errors = new List<ComposeError>();
        foreach (var f in failures.Where(f => f.Schema.EndsWith("/additionalProperties", StringComparison.Ordinal)))
            errors.Add(UnknownKey(f.Instance, f.Schema, locations));
        if (errors.Count == 0 && failures.Count > 0)
        {
            // A failure under another failing location explains it (the oneOf branch the user meant), so only
            // the innermost failures are reported.
            var failing = failures.Select(f => f.Instance).Distinct().ToList();
            var innermost = failing.Where(i => !failing.Any(o => o != i && o.StartsWith(i + "/", StringComparison.Ordinal)));
            foreach (var instance in innermost)
                errors.Add(Invalid(instance, [.. failures.Where(f => f.Instance == instance)], locations));
        }
        if (errors.Count == 0) errors.Add(new ComposeError(null, "the compose file does not match the compose specification"));
        throw new ComposeException([.. errors.DistinctBy(e => e.ToString())]);
    }

    private static ComposeError UnknownKey(string instance, string schema, IReadOnlyDictionary<string, (SourceLocation? Key, SourceLocation Value)> locations)
    {
        var segments = instance.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(NodeJson.Unescape).ToList();
        var key = segments.Count > 0 ? segments[^1] : "";
        var parent = segments.Count > 1 ? Dotted(instance[..instance.LastIndexOf('/')]) : "";
        var where = locations.TryGetValue(instance, out var l) ? l.Key ?? l.Value : null;
        var owner = schema.EndsWith("/additionalProperties", StringComparison.Ordinal) ? schema[..^"/additionalProperties".Length] : schema;
        var scope = parent.Length == 0 ? "" : $"{parent}: ";
        // Where the schema names no keys but a pattern (services, volumes, ...), the key is a badly formed name.
        if (ComposeSchema.PropertiesAt(owner).Count == 0 && ComposeSchema.NamePatternAt(owner) is { } pattern)
            return new ComposeError(where, $"{scope}\"{key}\" is not a valid name (it must match {pattern})");
        var suggestion = EditDistance.Suggest(key, ComposeSchema.PropertiesAt(owner));
        var hint = suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)";
        return new ComposeError(where, $"{scope}unknown key \"{key}\"{hint}");
    }

    private static ComposeError Invalid(string instance, IReadOnlyList<(string Instance, string Schema, IReadOnlyDictionary<string, string> Errors)> failures, IReadOnlyDictionary<string, (SourceLocation? Key, SourceLocation Value)> locations)
    {
        var path = Dotted(instance);
        var where = locations.TryGetValue(instance, out var l) ? l.Value : null;
        var types = failures.Where(f => f.Errors.ContainsKey("type")).Select(f => ComposeSchema.TypeAt(f.Schema)).OfType<string>().Distinct().ToList();
        if (types.Count > 0)
            return new ComposeError(where, $"{path} must be {string.Join(" or ", types)}");
        var messages = failures.SelectMany(f => f.Errors.Select(e => $"{e.Value}")).Distinct();
        return new ComposeError(where, $"{path}: {string.Join("; ", messages)}");
    }

    private static string Dotted(string pointer)
    {
        var path = "";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(NodeJson.Unescape))
            path += segment.All(char.IsAsciiDigit) ? $"[{segment}]" : path.Length == 0 ? segment : $".{segment}";
        return path.Length == 0 ? "(top level)" : path;
    }
}
