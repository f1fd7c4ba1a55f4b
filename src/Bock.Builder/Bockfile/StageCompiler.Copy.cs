using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary><c>copy</c>, <c>add</c> and <c>file</c> (a file written inline, a Dockerfile's <c>COPY &lt;&lt;EOF</c>).</summary>
internal sealed partial class StageCompiler
{
    [GeneratedRegex("^[0-7]{3,4}$")]
    private static partial Regex OctalMode();

    private CopyStep Copy(SourceLocation at, SpecNode value, SpecFields fields, bool isAdd)
    {
        var what = isAdd ? "add" : "copy";
        var sources = SpecValues.ScalarList(value, what).Select(Expand).ToList();
        if (sources.Count == 0) throw value.Error($"{what} needs at least one source");
        return new CopyStep(at, sources, Expand(fields.Required("to"), "to"))
        {
            IsAdd = isAdd,
            FromStage = fields.Optional("from") is { } from ? Source(from, "from") : null,
            Chown = Chown(fields),
            Chmod = Chmod(fields),
            Link = fields.Optional("link") is { } link && SpecValues.Bool(link, "link"),
            Excludes = fields.Optional("exclude") is { } exclude ? [.. SpecValues.ScalarList(exclude, "exclude").Select(Expand)] : [],
            Checksum = fields.Optional("checksum") is { } checksum ? Expand(checksum, "checksum") : null,
        };
    }

    /// <summary>
    /// The content is taken as written unless <c>expand: true</c>, which substitutes it here with the step's scope
    /// (YAML's block scalars already give what a quoted heredoc delimiter gives in a Dockerfile).
    /// </summary>
    private CopyStep File(SourceLocation at, SpecNode value, SpecFields fields)
    {
        var path = Expand(value, "file");
        if (path.EndsWith('/')) throw value.Error($"file names a file, not a directory: '{path}'");
        var expand = fields.Optional("expand") is { } e && SpecValues.Bool(e, "expand");
        var contentNode = fields.Optional("content") is { } c
            ? c as SpecScalar ?? throw c.Error($"content must be text, not {c.Describe}")
            : throw fields.Mapping.Error("a file step needs 'content'");
        var content = expand ? Expand(contentNode) : contentNode.Value;
        return new CopyStep(at, [], path)
        {
            Inline = [new InlineFile(path[(path.LastIndexOf('/') + 1)..], content, expand)],
            Chown = Chown(fields),
            Chmod = Chmod(fields),
        };
    }

    private string? Chown(SpecFields fields) => fields.Optional("chown") is { } chown ? Expand(chown, "chown") : null;

    private string? Chmod(SpecFields fields)
    {
        if (fields.Optional("chmod") is not { } node) return null;
        var mode = Expand(node, "chmod");
        return OctalMode().IsMatch(mode) ? mode : throw node.Error($"chmod must be an octal mode such as \"0755\", not '{mode}'");
    }
}
