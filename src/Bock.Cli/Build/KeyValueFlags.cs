using Bock.Cli.CommandLine;

namespace Bock.Cli.Build;

/// <summary><c>--build-arg</c> and <c>--label</c> values as the docker CLI reads them.</summary>
internal static class KeyValueFlags
{
    /// <summary>
    /// <c>KEY=VALUE</c>, or <c>KEY</c> alone for the value of the environment variable KEY (left out when it is not
    /// set, so the spec's default applies). A later KEY wins.
    /// </summary>
    public static IReadOnlyDictionary<string, string> BuildArgs(IEnumerable<string> values, Func<string, string?> environment)
    {
        var args = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var eq = text.IndexOf('=');
            if (eq == 0 || text.Length == 0) throw new UsageException($"invalid argument \"{text}\" for \"--build-arg\" flag: invalid key-value pair");
            if (eq > 0) args[text[..eq]] = text[(eq + 1)..];
            else if (environment(text) is { } fromEnvironment) args[text] = fromEnvironment;
            else args.Remove(text);
        }
        return args;
    }

    /// <summary><c>KEY=VALUE</c>, or <c>KEY</c> alone for an empty value.</summary>
    public static IReadOnlyDictionary<string, string> Labels(IEnumerable<string> values)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var eq = text.IndexOf('=');
            if (eq == 0 || text.Length == 0) throw new UsageException($"invalid argument \"{text}\" for \"--label\" flag: invalid key-value pair");
            labels[eq > 0 ? text[..eq] : text] = eq > 0 ? text[(eq + 1)..] : "";
        }
        return labels;
    }
}
