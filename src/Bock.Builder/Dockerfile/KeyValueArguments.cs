using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// The <c>key=value …</c> arguments of ENV and LABEL (BuildKit's <c>parseNameVal</c>): if the first word has no
/// <c>=</c> it is the legacy one-pair form <c>ENV key the rest of the line</c>. Keys and values are returned raw (quotes
/// kept) for the caller to substitute.
/// </summary>
internal static class KeyValueArguments
{
    public static IReadOnlyList<(Word Key, Word Value)> Parse(RawInstruction instruction, char escape)
    {
        var words = RawWords.Split(instruction.Rest, instruction.RestStart, escape);
        if (words.Count == 0)
            throw new BuildSpecException(instruction.Location, $"{instruction.Keyword} requires at least one argument");
        if (!words[0].Text.Contains('='))
        {
            var rest = instruction.Rest;
            var split = rest.IndexOfAny([' ', '\t']);
            if (split < 0)
                throw new BuildSpecException(instruction.RestLocation, $"{instruction.Keyword} must have two arguments");
            var valueStart = split;
            while (valueStart < rest.Length && char.IsWhiteSpace(rest[valueStart])) valueStart++;
            return [(new Word(rest[..split], instruction.RestStart), new Word(rest[valueStart..], instruction.RestStart + valueStart))];
        }
        var pairs = new List<(Word, Word)>();
        foreach (var word in words)
        {
            var equals = word.Text.IndexOf('=');
            if (equals < 0)
                throw new BuildSpecException(instruction.Line.Locate(word.Start),
                    $"syntax error - can't find = in \"{word.Text}\"; must be of the form: name=value");
            if (equals == 0)
                throw new BuildSpecException(instruction.Line.Locate(word.Start), $"{instruction.Keyword} names can not be blank");
            pairs.Add((new Word(word.Text[..equals], word.Start), new Word(word.Text[(equals + 1)..], word.Start + equals + 1)));
        }
        return pairs;
    }

    /// <summary>ARG's <c>name</c> or <c>name=default</c> words (several per line allowed); the default is null when no <c>=</c>.</summary>
    public static IReadOnlyList<(Word Name, Word? Default)> ParseArgs(RawInstruction instruction, char escape)
    {
        var words = RawWords.Split(instruction.Rest, instruction.RestStart, escape);
        if (words.Count == 0) throw new BuildSpecException(instruction.Location, "ARG requires at least one argument");
        return [.. words.Select(word =>
        {
            var equals = word.Text.IndexOf('=');
            if (equals == 0) throw new BuildSpecException(instruction.Line.Locate(word.Start), "ARG names can not be blank");
            return equals < 0
                ? (word, (Word?)null)
                : (new Word(word.Text[..equals], word.Start), new Word(word.Text[(equals + 1)..], word.Start + equals + 1));
        })];
    }
}
