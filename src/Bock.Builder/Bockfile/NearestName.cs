namespace Bock.Builder.Bockfile;

/// <summary>The "did you mean" of an error: the closest known name within a small edit distance.</summary>
internal static class NearestName
{
    public static string? Find(string written, IEnumerable<string> known)
    {
        // Two edits catch a transposition or a dropped letter; more than a third of the word is a different word.
        var limit = Math.Min(2, Math.Max(1, written.Length / 3));
        return known
            .Select(k => (Name: k, Distance: Distance(written, k)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>" did you mean 'x'?" or nothing.</summary>
    public static string Hint(string written, IEnumerable<string> known) =>
        Find(written, known) is { } near ? $"; did you mean '{near}'?" : "";

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions, as typos are made.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
