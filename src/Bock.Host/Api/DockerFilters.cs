using System.Text.Json;

namespace Bock.Host.Api;

/// <summary>
/// The <c>filters</c> query parameter: JSON of name → values, either <c>{"dangling":["true"]}</c> or the older
/// <c>{"dangling":{"true":true}}</c>, which clients still send.
/// </summary>
internal static class DockerFilters
{
    /// <exception cref="FormatException">Not such JSON.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string? filters)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(filters)) return result;
        try
        {
            using var doc = JsonDocument.Parse(filters);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("invalid filter: not a JSON object");
            foreach (var filter in doc.RootElement.EnumerateObject())
            {
                result[filter.Name] = filter.Value.ValueKind switch
                {
                    JsonValueKind.Array => [.. filter.Value.EnumerateArray().Select(v => v.GetString() ?? "")],
                    JsonValueKind.Object => [.. filter.Value.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.True).Select(v => v.Name)],
                    _ => throw new FormatException($"invalid filter '{filter.Name}'"),
                };
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid filter: {e.Message}");
        }
        return result;
    }

    /// <summary>Docker's query booleans: 1, true, True.</summary>
    public static bool IsTrue(string? value) => value is "1" || bool.TryParse(value, out var b) && b;

    /// <summary>A shell-style pattern (<c>*</c>, <c>?</c>) over the whole text, as Docker's reference filter.</summary>
    public static bool Glob(string pattern, string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", "[^/]*").Replace(@"\?", ".") + "$");
}
