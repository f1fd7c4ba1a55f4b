using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// One instruction as read, before it means anything: its keyword (upper case), its flags, the rest of its arguments
/// (<see cref="Rest"/>, starting at <see cref="RestStart"/> of <see cref="Line"/>), the JSON form if the rest is one,
/// and its heredoc bodies in the order their markers appear.
/// </summary>
internal sealed record RawInstruction(string Keyword, int KeywordStart, LogicalLine Line, IReadOnlyList<BuilderFlag> Flags, string Rest, int RestStart,
    IReadOnlyList<string>? Json, IReadOnlyList<RawHeredoc> Heredocs)
{
    public SourceLocation Location => Line.Locate(KeywordStart);

    public SourceLocation RestLocation => Line.Locate(RestStart);

    /// <summary>The text after the keyword, flags included (what ONBUILD stores).</summary>
    public string Arguments => Line.Text[(KeywordStart + Keyword.Length)..].Trim();
}
