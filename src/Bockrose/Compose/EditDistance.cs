namespace Bockrose.Compose;

/// <summary>Levenshtein distance, for "did you mean" suggestions on unknown keys.</summary>
internal static class EditDistance
{
    public static int Between(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The closest candidate, if it is close enough to be a likely typo (two edits, or a third of a long word, at most 3).</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        var limit = Math.Min(3, Math.Max(2, word.Length / 3));
        return candidates
            .Select(c => (Candidate: c, Distance: Between(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }
}
