using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// The <c># directive=value</c> comments at the top of a Dockerfile. As in BuildKit they are read only until the first
/// line that is not a known directive (an empty line, another comment, an instruction, or an unknown directive, which
/// is then just a comment); each may appear once.
/// </summary>
internal sealed partial class ParserDirectives
{
    private static readonly HashSet<string> Known = ["syntax", "escape", "check"];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private bool _done;

    public char Escape { get; private set; } = '\\';

    public string? Syntax { get; private set; }

    /// <summary>Looks at one physical line (leading whitespace already stripped); returns whether it was a directive.</summary>
    public bool Consider(string line, SourceLocation location)
    {
        if (_done) return false;
        var match = DirectivePattern().Match(line);
        if (!match.Success || !Known.Contains(match.Groups[1].Value.ToLowerInvariant()))
        {
            _done = true;
            return false;
        }
        var name = match.Groups[1].Value.ToLowerInvariant();
        var value = match.Groups[2].Value;
        if (!_seen.Add(name)) throw new BuildSpecException(location, $"only one {name} parser directive can be used");
        switch (name)
        {
            case "escape":
                if (value is not ("`" or "\\"))
                    throw new BuildSpecException(location, $"invalid escape token '{value}' does not match ` or \\");
                Escape = value[0];
                break;
            case "syntax":
                Syntax = value;
                break;
        }
        return true;
    }

    [GeneratedRegex(@"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")]
    private static partial Regex DirectivePattern();
}
