using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// The flags an instruction accepts and the values it was given, checked as BuildKit's BFlags checks them: an unknown
/// flag, a string flag without a value, a repeated single-valued flag or a non-boolean value of a boolean flag is an
/// error at the flag's column.
/// </summary>
internal sealed class FlagSet
{
    private readonly Dictionary<string, FlagKind> _accepted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BuilderFlag>> _given = new(StringComparer.Ordinal);

    public FlagSet String(string name) => Accept(name, FlagKind.String);

    public FlagSet Strings(string name) => Accept(name, FlagKind.Strings);

    public FlagSet Bool(string name) => Accept(name, FlagKind.Bool);

    private FlagSet Accept(string name, FlagKind kind)
    {
        _accepted[name] = kind;
        return this;
    }

    public void Parse(string instruction, IReadOnlyList<BuilderFlag> flags, LogicalLine line)
    {
        foreach (var flag in flags)
        {
            var at = line.Locate(flag.Start);
            if (!_accepted.TryGetValue(flag.Name, out var kind))
                throw new BuildSpecException(at, $"unknown flag for {instruction}: --{flag.Name}");
            var given = _given.TryGetValue(flag.Name, out var list) ? list : _given[flag.Name] = [];
            switch (kind)
            {
                case FlagKind.String when flag.Value is null:
                case FlagKind.Strings when flag.Value is null:
                    throw new BuildSpecException(at, $"missing a value on flag --{flag.Name}");
                case FlagKind.String when given.Count > 0:
                    throw new BuildSpecException(at, $"duplicate flag specified: --{flag.Name}");
                // "--link" is true, "--link=" is a mistake, the value is case-insensitive true or false.
                case FlagKind.Bool when flag.Value is "":
                    throw new BuildSpecException(at, $"missing a value on flag --{flag.Name}");
                case FlagKind.Bool when flag.Value is not null && !flag.Value.Equals("true", StringComparison.OrdinalIgnoreCase) &&
                                        !flag.Value.Equals("false", StringComparison.OrdinalIgnoreCase):
                    throw new BuildSpecException(at, $"expecting boolean value for flag --{flag.Name}, not: {flag.Value}");
            }
            given.Add(flag);
        }
    }

    public BuilderFlag? Get(string name) => _given.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<BuilderFlag> All(string name) => _given.TryGetValue(name, out var list) ? list : [];

    public bool IsSet(string name) => Get(name) is { } flag && (flag.Value is null || flag.Value.Equals("true", StringComparison.OrdinalIgnoreCase));

    private enum FlagKind { String, Strings, Bool }
}
