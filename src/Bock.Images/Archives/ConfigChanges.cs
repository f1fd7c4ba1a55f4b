using System.Text.Json;
using Bock.Images.Oci;

namespace Bock.Images.Archives;

/// <summary>
/// Applies <c>--change</c> instructions (<c>CMD</c>, <c>ENTRYPOINT</c>, <c>ENV</c>, <c>WORKDIR</c>, <c>USER</c>,
/// <c>EXPOSE</c>, <c>LABEL</c>, <c>VOLUME</c>, <c>STOPSIGNAL</c>) to a container config, as <c>docker import</c> does.
/// </summary>
public static class ConfigChanges
{
    public static ContainerConfig Apply(ContainerConfig config, IEnumerable<string> changes)
    {
        foreach (string change in changes)
        {
            string text = change.Trim();
            int space = text.IndexOfAny([' ', '\t']);
            string keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            string args = space < 0 ? "" : text[(space + 1)..].Trim();
            config = keyword switch
            {
                "CMD" => config with { Cmd = Command(args, change) },
                "ENTRYPOINT" => config with { Entrypoint = Command(args, change) },
                "ENV" => config with { Env = Merge(config.Env, Pairs(args, change).Select(p => $"{p.Key}={p.Value}")) },
                "WORKDIR" => config with { WorkingDir = Required(args, change) },
                "USER" => config with { User = Required(args, change) },
                "STOPSIGNAL" => config with { StopSignal = Required(args, change) },
                "EXPOSE" => config with { ExposedPorts = Set(config.ExposedPorts, args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Contains('/') ? p : p + "/tcp")) },
                "VOLUME" => config with { Volumes = Set(config.Volumes, args.StartsWith('[') ? JsonArray(args, change) : args.Split(' ', StringSplitOptions.RemoveEmptyEntries)) },
                "LABEL" => config with { Labels = new Dictionary<string, string>((config.Labels ?? new Dictionary<string, string>()).Concat(Pairs(args, change)).GroupBy(p => p.Key).Select(g => g.Last())) },
                _ => throw new FormatException($"--change '{change}': unsupported instruction '{keyword}' (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR)"),
            };
        }
        return config;
    }

    private static string Required(string args, string change) => args.Length > 0 ? args : throw new FormatException($"--change '{change}': missing argument");

    private static IReadOnlyList<string> Command(string args, string change) =>
        args.StartsWith('[') ? JsonArray(args, change) : ["/bin/sh", "-c", Required(args, change)];

    private static IReadOnlyList<string> JsonArray(string args, string change)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(args);
            return doc.RootElement.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("null")).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"--change '{change}': not a JSON array of strings", e);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string args, string change)
    {
        if (!args.Contains('='))
        {
            int space = args.IndexOf(' ');
            if (space < 0)
                throw new FormatException($"--change '{change}': expected KEY=VALUE or KEY VALUE");
            yield return new(args[..space], args[(space + 1)..].Trim());
            yield break;
        }
        foreach (string word in Words(args))
        {
            int eq = word.IndexOf('=');
            if (eq <= 0)
                throw new FormatException($"--change '{change}': '{word}' is not KEY=VALUE");
            yield return new(word[..eq], word[(eq + 1)..]);
        }
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        char quote = '\0';
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else
                    word.Append(c);
            }
            else if (c is '"' or '\'')
                quote = c;
            else if (c == ' ')
            {
                if (word.Length > 0)
                    yield return word.ToString();
                word.Clear();
            }
            else
                word.Append(c);
        }
        if (word.Length > 0)
            yield return word.ToString();
    }

    private static IReadOnlyList<string> Merge(IReadOnlyList<string>? env, IEnumerable<string> added)
    {
        var result = new List<string>(env ?? []);
        foreach (string pair in added)
        {
            string key = pair[..(pair.IndexOf('=') + 1)];
            result.RemoveAll(e => e.StartsWith(key, StringComparison.Ordinal));
            result.Add(pair);
        }
        return result;
    }

    private static IReadOnlyDictionary<string, EmptyObject> Set(IReadOnlyDictionary<string, EmptyObject>? existing, IEnumerable<string> keys)
    {
        var result = new Dictionary<string, EmptyObject>(existing ?? new Dictionary<string, EmptyObject>());
        foreach (string key in keys)
            result[key] = new EmptyObject();
        return result;
    }
}
