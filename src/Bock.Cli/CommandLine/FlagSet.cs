namespace Bock.Cli.CommandLine;

/// <summary>
/// Docker-style flags (spf13/pflag conventions): <c>--name value</c>, <c>--name=value</c>, <c>-n value</c>,
/// <c>-nvalue</c>, bundled short booleans (<c>-it</c>, <c>-itd</c>, <c>-dp 80:80</c>), <c>--</c> ending the flags. For
/// commands that run another command (run, exec, create) flags stop at the first positional argument, so
/// <c>bock run alpine ls -l</c> passes <c>-l</c> to ls.
/// </summary>
internal sealed class FlagSet(string command, bool stopAtFirstPositional = false)
{
    private readonly List<Flag> _flags = [];

    public string Command { get; } = command;
    public IReadOnlyList<Flag> Flags => _flags;

    public FlagSet Bool(string name, char? shortName, string help) => Add(new Flag(name, shortName, FlagKind.Bool, help));

    public FlagSet Value(string name, char? shortName, string help, string valueName = "string") =>
        Add(new Flag(name, shortName, FlagKind.Value, help, valueName));

    public FlagSet List(string name, char? shortName, string help, string valueName = "list") =>
        Add(new Flag(name, shortName, FlagKind.List, help, valueName));

    /// <exception cref="UsageException">An unknown flag, or a flag without its value.</exception>
    public ParsedFlags Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>();
        var positional = new List<string>();
        void Set(Flag flag, string value)
        {
            if (!values.TryGetValue(flag.Long, out var list)) values[flag.Long] = list = [];
            if (flag.Kind != FlagKind.List) list.Clear();
            list.Add(value);
        }
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--") && arg.Length > 2)
            {
                var eq = arg.IndexOf('=');
                var name = eq > 0 ? arg[2..eq] : arg[2..];
                if (name == "help") throw new HelpRequested();
                var flag = _flags.FirstOrDefault(f => f.Long == name) ?? throw new UsageException($"unknown flag: --{name}", Command);
                if (flag.Kind == FlagKind.Bool)
                    Set(flag, eq > 0 ? ParseBool(flag, arg[(eq + 1)..]) : "true");
                else if (eq > 0)
                    Set(flag, arg[(eq + 1)..]);
                else if (i + 1 < args.Count)
                    Set(flag, args[++i]);
                else
                    throw new UsageException($"flag needs an argument: --{name}", Command);
                continue;
            }
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                for (var j = 1; j < arg.Length; j++)
                {
                    var letter = arg[j];
                    if (letter == 'h' && _flags.All(f => f.Short != 'h')) throw new HelpRequested();
                    var flag = _flags.FirstOrDefault(f => f.Short == letter)
                               ?? throw new UsageException($"unknown shorthand flag: '{letter}' in {arg}", Command);
                    if (flag.Kind == FlagKind.Bool)
                    {
                        Set(flag, "true");
                        continue;
                    }
                    var rest = arg[(j + 1)..];
                    if (rest.StartsWith('=')) rest = rest[1..];
                    if (rest.Length > 0) Set(flag, rest);
                    else if (i + 1 < args.Count) Set(flag, args[++i]);
                    else throw new UsageException($"flag needs an argument: '{letter}' in -{letter}", Command);
                    break;
                }
                continue;
            }
            positional.Add(arg);
            if (stopAtFirstPositional)
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }
        }
        return new ParsedFlags(Command, values, positional);
    }

    private FlagSet Add(Flag flag)
    {
        _flags.Add(flag);
        return this;
    }

    private string ParseBool(Flag flag, string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "t" => "true",
        "false" or "0" or "f" => "false",
        _ => throw new UsageException($"invalid argument \"{text}\" for \"--{flag.Long}\" flag: expected true or false", Command),
    };
}
