namespace Bock.Builder.Dockerfile;

/// <summary>
/// The variables a stage's instructions see: its ENVs and its ARGs that have a value, the later definition of a name
/// winning (as BuildKit adds both to the build state's environment in order). A stage based on an earlier stage starts
/// with a copy of that stage's variables, ARGs included, as BuildKit does.
/// </summary>
internal sealed class StageVariables
{
    private readonly Dictionary<string, (string Value, bool IsArg)> _values;

    public StageVariables() => _values = new(StringComparer.Ordinal);

    private StageVariables(Dictionary<string, (string, bool)> values) => _values = new(values, StringComparer.Ordinal);

    public StageVariables Copy() => new(_values);

    public string? Lookup(string name) => _values.TryGetValue(name, out var entry) ? entry.Value : null;

    public void SetEnv(string name, string value) => _values[name] = (value, false);

    public void SetArg(string name, string value) => _values[name] = (value, true);

    /// <summary>The ARGs whose value is the one in effect (not since overridden by an ENV): what RUN gets besides the image's environment.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs() =>
        new SortedDictionary<string, string>(_values.Where(v => v.Value.IsArg).ToDictionary(v => v.Key, v => v.Value.Value), StringComparer.Ordinal);
}
