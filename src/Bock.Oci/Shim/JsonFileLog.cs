using System.Text;
using System.Text.Json;

namespace Bock.Oci.Shim;

/// <summary>
/// Docker's json-file format: one JSON object per line of output, <c>{"log":"line\n","stream":"stdout","time":…}</c>.
/// A partial line waits for the rest (a program's writes are not line-aligned) unless it grows past
/// <see cref="MaxLine"/>, as Docker splits long lines; <see cref="Flush"/> writes what is left at exit.
/// Not thread-safe: <see cref="OutputFanout"/> serialises callers.
/// </summary>
public sealed class JsonFileLog : IDisposable
{
    public const int MaxLine = 16 * 1024;

    private readonly FileStream _file;
    private readonly Dictionary<OutputStream, List<byte>> _pending = new() { [OutputStream.Stdout] = [], [OutputStream.Stderr] = [] };

    public JsonFileLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    public void Write(OutputStream stream, ReadOnlySpan<byte> data, DateTime time)
    {
        var pending = _pending[stream];
        foreach (var b in data)
        {
            pending.Add(b);
            if (b == (byte)'\n' || pending.Count >= MaxLine)
                Emit(stream, pending, time);
        }
    }

    public void Flush(DateTime time)
    {
        foreach (var (stream, pending) in _pending)
            if (pending.Count > 0)
                Emit(stream, pending, time);
    }

    private void Emit(OutputStream stream, List<byte> pending, DateTime time)
    {
        var entry = new LogEntry(Encoding.UTF8.GetString(pending.ToArray()), stream == OutputStream.Stderr ? "stderr" : "stdout", Rfc3339.Format(time));
        pending.Clear();
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, ShimJsonContext.Default.LogEntry);
        // One write per entry, newline included, so a reader tailing the file never sees half an entry.
        var buffer = new byte[line.Length + 1];
        line.CopyTo(buffer, 0);
        buffer[^1] = (byte)'\n';
        _file.Write(buffer);
    }

    public void Dispose() => _file.Dispose();
}
