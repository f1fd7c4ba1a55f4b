namespace Bock.Cli.CommandLine;

/// <summary>What <see cref="FlagSet.Parse"/> found: flag values by long name, and the positional arguments.</summary>
internal sealed class ParsedFlags(string command, IReadOnlyDictionary<string, List<string>> values, IReadOnlyList<string> positional)
{
    public IReadOnlyList<string> Positional { get; } = positional;

    public bool Has(string name) => values.ContainsKey(name);

    public bool Bool(string name) => values.TryGetValue(name, out var v) && v[^1] == "true";

    public string? Value(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> List(string name) => values.TryGetValue(name, out var v) ? v : [];

    public int? Int(string name)
    {
        if (Value(name) is not { } text) return null;
        return int.TryParse(text, out var n)
            ? n
            : throw new UsageException($"invalid argument \"{text}\" for \"--{name}\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax", command);
    }

    /// <summary>Exactly <paramref name="min"/>..<paramref name="max"/> positional arguments, else Docker's message.</summary>
    public IReadOnlyList<string> Arguments(int min, int max = int.MaxValue)
    {
        if (Positional.Count < min || Positional.Count > max)
        {
            var wanted = min == max ? $"exactly {min} argument{(min == 1 ? "" : "s")}"
                : max == int.MaxValue ? $"at least {min} argument{(min == 1 ? "" : "s")}"
                : $"at most {max} argument{(max == 1 ? "" : "s")}";
            throw new UsageException($"\"{command}\" requires {wanted}.", command);
        }
        return Positional;
    }
}
