using System.Text;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary><c>--filter key=value</c> flags as the API's <c>filters</c> query parameter: <c>{"key":{"value":true}}</c>.</summary>
internal static class Filters
{
    public static string Query(IReadOnlyList<string> filters)
    {
        if (filters.Count == 0) return "";
        var groups = new Dictionary<string, List<string>>();
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=');
            if (eq <= 0) throw new UsageException($"invalid argument \"{filter}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)");
            var key = filter[..eq].Trim().ToLowerInvariant();
            if (!groups.TryGetValue(key, out var values)) groups[key] = values = [];
            values.Add(filter[(eq + 1)..]);
        }
        var json = new StringBuilder("{");
        foreach (var (key, values) in groups)
        {
            if (json.Length > 1) json.Append(',');
            json.Append(Quote(key)).Append(":{").AppendJoin(',', values.Select(v => Quote(v) + ":true")).Append('}');
        }
        return "filters=" + Uri.EscapeDataString(json.Append('}').ToString());
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, Bock.Cli.Output.CliJsonContext.Default.String);
}
