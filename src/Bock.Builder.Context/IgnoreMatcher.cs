namespace Bock.Builder.Context;

/// <summary>
/// Decides which build-context paths a <c>.dockerignore</c>/<c>.bockignore</c> leaves out, as moby/patternmatcher's
/// <c>MatchesOrParentMatches</c> does: patterns are tried in order and the last one that matches the path or one of
/// its parent directories wins, a <c>!</c> exception including the path again.
/// </summary>
public sealed class IgnoreMatcher
{
    public IgnoreMatcher(IReadOnlyList<IgnorePattern> patterns) => Patterns = patterns;

    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>Reads an ignore file: one pattern a line, <c>#</c> in the first column a comment, blank lines skipped.</summary>
    public static IgnoreMatcher Parse(string text)
    {
        var patterns = new List<IgnorePattern>();
        if (text.StartsWith('\uFEFF')) text = text[1..];
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            patterns.Add(IgnorePattern.Parse(line));
        }
        return new IgnoreMatcher(patterns);
    }

    /// <summary>Whether <paramref name="path"/> (relative to the context, <c>/</c>-separated) is left out of the context.</summary>
    public bool IsExcluded(string path)
    {
        path = IgnorePattern.Normalize(path);
        var slash = path.LastIndexOf('/');
        var parents = slash < 0 ? [] : path[..slash].Split('/');
        var excluded = false;
        foreach (var pattern in Patterns)
        {
            // An exception can only change an excluded path, a plain pattern only an included one.
            if (pattern.IsException != excluded) continue;
            var matched = pattern.Matches(path);
            for (var i = 0; !matched && i < parents.Length; i++) matched = pattern.Matches(string.Join('/', parents[..(i + 1)]));
            if (matched) excluded = !pattern.IsException;
        }
        return excluded;
    }
}
