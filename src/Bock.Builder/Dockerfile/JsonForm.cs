using System.Text.Json;
using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// The exec (JSON array) form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME and HEALTHCHECK CMD. As in BuildKit
/// anything that is not a JSON array falls back to the shell form (<c>RUN [ -f x ]</c> is a shell test), an array
/// with a non-string element is an error; unlike BuildKit, an array cut short (<c>CMD ["a", "b"</c>) is an error
/// too rather than a surprising shell command.
/// </summary>
internal static partial class JsonForm
{
    public static IReadOnlyList<string>? TryParse(string rest, SourceLocation location)
    {
        var text = rest.TrimStart();
        if (!text.StartsWith('[')) return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            if (Unterminated().IsMatch(text)) throw new BuildSpecException(location, "unterminated JSON array");
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var values = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String) throw new BuildSpecException(location, "JSON array must contain only strings");
                values.Add(element.GetString()!);
            }
            return values;
        }
    }

    // Complete strings separated by commas, then perhaps an unfinished one, then the end: an array that was cut short.
    [GeneratedRegex("""^\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*(?:"(?:[^"\\]|\\.)*)?$""")]
    private static partial Regex Unterminated();
}
