using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

internal sealed partial class StageCompiler
{
    private CopyStep Copy(RawInstruction instruction, bool isAdd)
    {
        var flags = new FlagSet().String("chown").String("chmod").Bool("link").Strings("exclude");
        if (isAdd) flags.String("checksum");
        else flags.String("from");
        flags.Parse(instruction.Keyword, instruction.Flags, instruction.Line);

        // The JSON form exists for paths with spaces; the shell form splits on whitespace only (quotes go when expanded).
        IReadOnlyList<Word> words = instruction.Json is { } json
            ? [.. json.Select(value => new Word(value, instruction.RestStart))]
            : RawWords.SplitOnWhitespace(instruction.Rest, instruction.RestStart);
        if (words.Count < 2)
            throw new BuildSpecException(words.Count == 0 ? instruction.Location : instruction.Line.Locate(words[0].Start),
                $"{instruction.Keyword} requires at least two arguments: a source and a destination");
        var destinationWord = words[^1];
        if (instruction.Json is null && HeredocMarker.IsMarker(destinationWord.Text))
            throw new BuildSpecException(instruction.Line.Locate(destinationWord.Start), $"{instruction.Keyword} cannot have a heredoc as its destination");

        var sources = new List<string>();
        var inline = new List<InlineFile>();
        foreach (var word in words.Take(words.Count - 1))
        {
            var heredoc = instruction.Json is null ? instruction.Heredocs.FirstOrDefault(h => h.Word.Start == word.Start) : null;
            if (heredoc is null)
            {
                sources.Add(Expand(instruction, word));
                continue;
            }
            var body = heredoc.Marker.Body(heredoc.Body);
            if (heredoc.Marker.Expand) body = ExpandHeredoc(instruction, body, word.Start);
            inline.Add(new InlineFile(heredoc.Marker.Name, body, heredoc.Marker.Expand));
        }

        string? Value(string name) => flags.Get(name) is { } flag ? Expand(instruction, flag.Value!, flag.Start) : null;
        var from = flags.Get("from") is { } fromFlag
            ? _references.Resolve(Expand(instruction, fromFlag.Value!, fromFlag.Start), _header.Index, instruction.Line.Locate(fromFlag.Start), "--from")
            : null;
        return new CopyStep(instruction.Location, sources, Expand(instruction, destinationWord))
        {
            IsAdd = isAdd,
            FromStage = from,
            Chown = Value("chown"),
            Chmod = Value("chmod"),
            Link = flags.IsSet("link"),
            Excludes = [.. flags.All("exclude").Select(f => Expand(instruction, f.Value!, f.Start))],
            Inline = inline,
            Checksum = isAdd ? Value("checksum") : null,
        };
    }

    private string ExpandHeredoc(RawInstruction instruction, string body, int markerStart)
    {
        try
        {
            return VariableSubstitution.Heredoc(body, _variables.Lookup, _escape);
        }
        catch (SubstitutionException e)
        {
            throw new BuildSpecException(instruction.Line.Locate(markerStart), e.Message);
        }
    }
}
