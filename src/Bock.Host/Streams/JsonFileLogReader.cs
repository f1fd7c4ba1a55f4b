using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bock.Host.Streams;

/// <summary>
/// Reads the json-file log a shim writes (<c>{"log":"…\n","stream":"stdout","time":"RFC3339"}</c> per line) from a
/// byte offset on, complete lines only: the shim writes each entry with one write, but a reader may catch one half
/// written, so a line without its newline waits for the next read. The offset survives restarts of the container,
/// whose new shim appends to the same file.
/// </summary>
public sealed class JsonFileLogReader(string path)
{
    private long _offset;

    /// <summary>The entries written since the last call (all of them on the first); none while the file does not exist.</summary>
    public IReadOnlyList<LogLine> ReadNew()
    {
        if (!File.Exists(path)) return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= _offset) return [];
        file.Seek(_offset, SeekOrigin.Begin);
        var bytes = new byte[file.Length - _offset];
        file.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return [];
        _offset += end + 1;
        List<LogLine> lines = [];
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
            if (Parse(line) is { } entry) lines.Add(entry);
        return lines;
    }

    /// <summary>Null for a line that is not an entry (a torn write after a crash): one bad line must not end a log.</summary>
    public static LogLine? Parse(string line)
    {
        if (line.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var stream = root.GetProperty("stream").GetString() == "stderr" ? StdStream.Stderr : StdStream.Stdout;
            var time = DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return new LogLine(stream, root.GetProperty("log").GetString() ?? "", time);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
