using System.Text;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// One instruction's text after continuation lines were joined, remembering for every character the physical line
/// and column it came from, so an error deep inside a joined line still points at the right place in the file.
/// </summary>
internal sealed class LogicalLine
{
    private readonly StringBuilder _text = new();
    private readonly List<(int Line, int Column)> _origins = [];
    private readonly string _file;

    public LogicalLine(string file) => _file = file;

    public string Text => _text.ToString();

    public int Length => _text.Length;

    /// <summary>The physical line this instruction ends on (a heredoc body starts after it).</summary>
    public int LastLine { get; private set; }

    public void Append(string physical, int start, int count, int line)
    {
        for (var i = 0; i < count; i++)
        {
            _text.Append(physical[start + i]);
            _origins.Add((line, start + i + 1));
        }
        LastLine = line;
    }

    public void MarkLine(int line) => LastLine = line;

    /// <summary>Where the character at <paramref name="index"/> was written; past the end: just after the last one.</summary>
    public SourceLocation Locate(int index)
    {
        if (_origins.Count == 0) return new SourceLocation(_file, LastLine, 1);
        if (index < _origins.Count) return new SourceLocation(_file, _origins[index].Line, _origins[index].Column);
        var last = _origins[^1];
        return new SourceLocation(_file, last.Line, last.Column + 1);
    }
}
