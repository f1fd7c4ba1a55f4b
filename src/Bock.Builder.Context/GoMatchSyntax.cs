namespace Bock.Builder.Context;

/// <summary>
/// The syntax check Go's <c>filepath.Match</c> makes (moby/patternmatcher refuses what it refuses): a class must be
/// closed and not empty, <c>-</c> and <c>]</c> must be escaped where a character is expected, a range has one dash,
/// and a pattern may not end in a lone <c>\</c>.
/// </summary>
internal static class GoMatchSyntax
{
    public static void Validate(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (++i >= pattern.Length) throw Bad(pattern, "trailing backslash");
                    break;
                case '[':
                    i = ClassEnd(pattern, i);
                    break;
            }
        }
    }

    // Returns the index of the ']' that closes the class opened at start.
    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^') i++;
        var ranges = 0;
        while (true)
        {
            if (i >= pattern.Length) throw Bad(pattern, "unclosed [");
            if (pattern[i] == ']' && ranges > 0) return i;
            i = ClassChar(pattern, i);
            if (i < pattern.Length && pattern[i] == '-')
                i = ClassChar(pattern, i + 1);
            ranges++;
        }
    }

    // One (possibly escaped) character of a class; returns the index after it.
    private static int ClassChar(string pattern, int i)
    {
        if (i >= pattern.Length) throw Bad(pattern, "unclosed [");
        if (pattern[i] is '-' or ']') throw Bad(pattern, $"unexpected '{pattern[i]}' in a class");
        if (pattern[i] == '\\')
        {
            if (++i >= pattern.Length) throw Bad(pattern, "trailing backslash");
        }
        return i + 1;
    }

    private static FormatException Bad(string pattern, string why) => new($"syntax error in pattern \"{pattern}\": {why}");
}
