using System.Text.Json;

namespace Bock.Cli.Output;

/// <summary>
/// Shows a stream of Docker JSON messages (pull, push, load, import, build): on a terminal one live line per layer
/// with its progress bar, rewritten in place; otherwise plain lines, one per change of status, without the bars.
/// An <c>error</c> message ends the stream with <see cref="JsonMessageException"/>.
/// </summary>
internal sealed class JsonMessageRenderer(TextWriter output, bool terminal)
{
    private readonly List<string> _ids = [];

    /// <summary>The last <c>aux</c> object seen (push digests, build image ids), if any.</summary>
    public JsonElement? Aux { get; private set; }

    public async Task RenderAsync(Stream stream, CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            Render(json.RootElement);
        }
    }

    public void Render(JsonElement message)
    {
        if (message.TryGetProperty("errorDetail", out var detail) && detail.TryGetProperty("message", out var m))
            throw new JsonMessageException(m.GetString() ?? "unknown error");
        if (message.TryGetProperty("error", out var error) && error.GetString() is { Length: > 0 } e)
            throw new JsonMessageException(e);
        if (message.TryGetProperty("aux", out var aux)) Aux = aux.Clone();
        if (message.TryGetProperty("stream", out var text))
        {
            output.Write(text.GetString());
            output.Flush();
            return;
        }
        var status = Text(message, "status");
        if (status.Length == 0) return;
        var id = Text(message, "id");
        var progress = Text(message, "progress");
        var hasProgress = message.TryGetProperty("progressDetail", out var pd) && pd.ValueKind == JsonValueKind.Object &&
                          pd.TryGetProperty("total", out var total) && total.GetInt64() > 0;
        if (!terminal)
        {
            if (hasProgress) return; // byte counts are for bars; plain output keeps one line per step
            output.WriteLine(id.Length > 0 ? $"{id}: {status}" : status);
            output.Flush();
            return;
        }
        var lineText = id.Length > 0 ? $"{id}: {status} {progress}".TrimEnd() : $"{status} {progress}".TrimEnd();
        if (id.Length == 0)
        {
            output.WriteLine(lineText);
            output.Flush();
            return;
        }
        var index = _ids.IndexOf(id);
        if (index < 0)
        {
            _ids.Add(id);
            output.WriteLine(lineText);
        }
        else
        {
            var up = _ids.Count - index;
            // Up to the layer's line, clear it, write, and back down to below the last line.
            output.Write($"\u001b[{up}A\r\u001b[2K{lineText}\r\u001b[{up}B");
        }
        output.Flush();
    }

    private static string Text(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
