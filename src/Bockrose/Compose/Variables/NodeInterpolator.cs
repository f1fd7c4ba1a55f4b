using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Variables;

/// <summary>
/// Interpolates every scalar value of a parsed file (keys are left alone, as in compose). A value that held a
/// variable is marked <see cref="ScalarNode.Interpolated"/>: it stays a string for the schema, as compose's
/// loader only casts such values where a number or boolean is expected.
/// </summary>
internal static class NodeInterpolator
{
    public static MappingNode Apply(MappingNode root, Func<string, string?> lookup, ICollection<string> warnings)
    {
        var errors = new List<ComposeError>();
        var result = (MappingNode)Walk(root, "", lookup, warnings, errors);
        if (errors.Count > 0) throw new ComposeException(errors);
        return result;
    }

    private static ComposeNode Walk(ComposeNode node, string path, Func<string, string?> lookup, ICollection<string> warnings, List<ComposeError> errors)
    {
        switch (node)
        {
            case ScalarNode s when s.Value.Contains('$'):
                try
                {
                    var value = Interpolator.Interpolate(s.Value, lookup, name =>
                    {
                        var warning = $"The \"{name}\" variable is not set. Defaulting to a blank string.";
                        if (!warnings.Contains(warning)) warnings.Add(warning);
                    });
                    return s with { Value = value, Interpolated = true };
                }
                catch (InterpolationException e)
                {
                    errors.Add(new ComposeError(s.Location, $"{path}: {e.Message}"));
                    return s;
                }
            case MappingNode m:
                return m with
                {
                    Entries = [.. m.Entries.Select(e => e with { Value = Walk(e.Value, Join(path, e.Key.Value), lookup, warnings, errors) })],
                };
            case SequenceNode q:
                return q with { Items = [.. q.Items.Select((item, i) => Walk(item, Join(path, i.ToString()), lookup, warnings, errors))] };
            default:
                return node;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
