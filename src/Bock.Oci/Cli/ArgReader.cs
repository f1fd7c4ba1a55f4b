using Bock.Oci.Runtime;

namespace Bock.Oci.Cli;

/// <summary>
/// runc-style arguments: <c>--flag value</c>, <c>--flag=value</c>, <c>-f value</c>, single-dash long names
/// (urfave/cli accepts <c>-bundle</c>), boolean flags, and positionals. Flags stop at the first positional when
/// <c>stopAtPositional</c> (for <c>exec ID CMD ARGS…</c>) or at <c>--</c>.
/// </summary>
public sealed class ArgReader
{
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _valued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _boolean = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public ArgReader Value(string name, params string[] aliases) => Add(name, aliases, _valued);

    public ArgReader Flag(string name, params string[] aliases) => Add(name, aliases, _boolean);

    private ArgReader Add(string name, string[] aliases, HashSet<string> kind)
    {
        kind.Add(name);
        _aliases[name] = name;
        foreach (var alias in aliases) _aliases[alias] = name;
        return this;
    }

    public ArgReader Parse(IReadOnlyList<string> args, string command, bool stopAtPositional = false)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                Positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (stopAtPositional && Positionals.Count > 0)
            {
                Positionals.AddRange(args.Skip(i));
                break;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                Positionals.Add(arg);
                continue;
            }
            var body = arg.TrimStart('-');
            string? inline = null;
            var eq = body.IndexOf('=');
            if (eq >= 0)
            {
                inline = body[(eq + 1)..];
                body = body[..eq];
            }
            if (!_aliases.TryGetValue(body, out var name))
                throw new OciException($"{command}: unknown option {arg} (see bock-oci {command} --help)");
            if (_boolean.Contains(name))
            {
                Record(name, inline ?? "true");
                continue;
            }
            if (inline is null)
            {
                if (i + 1 >= args.Count)
                    throw new OciException($"{command}: option --{name} needs a value");
                inline = args[++i];
            }
            Record(name, inline);
        }
        return this;
    }

    private void Record(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
            _values[name] = list = [];
        list.Add(value);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public bool Has(string name) => _values.TryGetValue(name, out var list) && list[^1] is not ("false" or "0");

    public int GetInt(string name, int fallback) =>
        Get(name) is { } text ? (int.TryParse(text, out var value) && value >= 0 ? value : throw new OciException($"--{name}: \"{text}\" is not a non-negative number")) : fallback;
}
