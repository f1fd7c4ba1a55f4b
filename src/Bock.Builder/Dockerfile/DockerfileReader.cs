using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// Turns Dockerfile text into <see cref="RawInstruction"/>s the way BuildKit's parser reads lines: parser directives
/// at the top, comment lines dropped (also inside a continuation), continuation lines joined (the escape character
/// and trailing blanks removed, the next line's indentation kept), empty continuation lines skipped, and after a RUN,
/// COPY or ADD line whose words hold heredoc markers, one body per marker up to its delimiter line.
/// </summary>
internal sealed partial class DockerfileReader
{
    private static readonly HashSet<string> HeredocInstructions = ["RUN", "COPY", "ADD"];
    private static readonly HashSet<string> JsonInstructions = ["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"];
    private readonly string _file;
    private readonly string[] _lines;
    private int _next;

    public DockerfileReader(string text, string file)
    {
        _file = file;
        if (text.StartsWith('\uFEFF')) text = text[1..];
        _lines = text.Split('\n').Select(l => l.EndsWith('\r') ? l[..^1] : l).ToArray();
        if (_lines.Length > 0 && _lines[^1].Length == 0 && text.EndsWith('\n')) _lines = _lines[..^1];
    }

    public ParserDirectives Directives { get; } = new();

    public IReadOnlyList<RawInstruction> ReadAll()
    {
        var instructions = new List<RawInstruction>();
        while (ReadInstruction() is { } instruction) instructions.Add(instruction);
        return instructions;
    }

    private RawInstruction? ReadInstruction()
    {
        while (_next < _lines.Length)
        {
            var number = ++_next;
            var physical = _lines[number - 1];
            var indent = LeadingWhitespace(physical);
            var stripped = physical[indent..];
            if (Directives.Consider(stripped, new SourceLocation(_file, number, indent + 1)) || IsComment(physical)) continue;
            var line = new LogicalLine(_file);
            line.MarkLine(number);
            var ended = AppendTrimmingContinuation(line, physical, indent, number);
            if (ended && line.Text.Trim().Length == 0) continue;
            while (!ended && _next < _lines.Length)
            {
                number = ++_next;
                physical = _lines[number - 1];
                line.MarkLine(number);
                Directives.Consider(physical.TrimStart(), new SourceLocation(_file, number, 1));
                if (IsComment(physical) || physical.Trim().Length == 0) continue;
                ended = AppendTrimmingContinuation(line, physical, 0, number);
            }
            if (line.Text.Trim().Length == 0) continue;
            return Split(line);
        }
        return null;
    }

    // Appends the line; if it ends with the escape character (blanks after it allowed) that character and the blanks
    // are dropped and the instruction continues on the next line.
    private bool AppendTrimmingContinuation(LogicalLine line, string physical, int start, int number)
    {
        var end = physical.Length;
        while (end > start && physical[end - 1] is ' ' or '\t') end--;
        if (end > start && physical[end - 1] == Directives.Escape)
        {
            line.Append(physical, start, end - 1 - start, number);
            return false;
        }
        line.Append(physical, start, physical.Length - start, number);
        return true;
    }

    private RawInstruction Split(LogicalLine line)
    {
        var text = line.Text;
        var start = LeadingWhitespace(text);
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
        var keyword = text[start..end].ToUpperInvariant();
        var argsStart = end;
        while (argsStart < text.Length && char.IsWhiteSpace(text[argsStart])) argsStart++;
        var args = text[argsStart..].TrimEnd();
        var (flags, restOffset) = BuilderFlagReader.Read(args, argsStart);
        var rest = args[restOffset..].Trim();
        var restStart = argsStart + restOffset + LeadingWhitespace(args[restOffset..]);
        var json = JsonInstructions.Contains(keyword) ? JsonForm.TryParse(rest, line.Locate(restStart)) : null;
        var heredocs = ReadHeredocs(keyword, rest, restStart, json, line);
        return new RawInstruction(keyword, start, line, flags, rest, restStart, json, heredocs);
    }

    // RUN, COPY and ADD (also as an ONBUILD trigger) read a body for every heredoc marker among their words, in order.
    private List<RawHeredoc> ReadHeredocs(string keyword, string rest, int restStart, IReadOnlyList<string>? json, LogicalLine line)
    {
        var heredocs = new List<RawHeredoc>();
        if (keyword == "ONBUILD")
        {
            var end = 0;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end])) end++;
            var triggerRest = rest[end..];
            var (_, offset) = BuilderFlagReader.Read(triggerRest, 0);
            keyword = rest[..end].ToUpperInvariant();
            json = JsonInstructions.Contains(keyword) ? JsonForm.TryParse(triggerRest[offset..], line.Locate(restStart)) : null;
        }
        if (!HeredocInstructions.Contains(keyword) || json is not null || !rest.Contains("<<", StringComparison.Ordinal)) return heredocs;
        foreach (var word in MarkerWords(rest, restStart))
        {
            HeredocMarker? marker;
            try
            {
                marker = HeredocMarker.Parse(word.Text);
            }
            catch (FormatException e)
            {
                throw new BuildSpecException(line.Locate(word.Start), e.Message);
            }
            if (marker is not null) heredocs.Add(new RawHeredoc(marker, word, ReadBody(marker, line, word)));
        }
        return heredocs;
    }

    // BuildKit lexes markers with the backslash escape whatever the escape directive says, and "<<" followed by blanks
    // takes the next word as its delimiter.
    private static IEnumerable<Word> MarkerWords(string rest, int restStart)
    {
        var words = RawWords.Split(rest, restStart, '\\');
        for (var i = 0; i < words.Count; i++)
        {
            if (OperatorOnly().IsMatch(words[i].Text) && i + 1 < words.Count)
            {
                yield return new Word(words[i].Text + " " + words[i + 1].Text, words[i].Start);
                i++;
            }
            else yield return words[i];
        }
    }

    private string ReadBody(HeredocMarker marker, LogicalLine line, Word word)
    {
        var body = new System.Text.StringBuilder();
        while (_next < _lines.Length)
        {
            var physical = _lines[_next++];
            line.MarkLine(_next);
            var candidate = marker.Chomp ? physical.TrimStart('\t') : physical;
            if (candidate == marker.Name) return body.ToString();
            body.Append(physical).Append('\n');
        }
        throw new BuildSpecException(line.Locate(word.Start), $"unterminated heredoc {marker.Name}: no line \"{marker.Name}\" before the end of the file");
    }

    private static bool IsComment(string physical) => physical.TrimStart().StartsWith('#');

    private static int LeadingWhitespace(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return i;
    }

    [GeneratedRegex(@"^\d*<<-?$")]
    private static partial Regex OperatorOnly();
}
