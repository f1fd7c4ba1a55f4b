using System.Text.Json;
using System.Threading.Channels;

namespace Bock.Host.Images;

/// <summary>
/// A streamed answer of JSON lines (Docker's jsonmessage stream): progress reports arrive on the registry client's
/// threads, so they are queued and one writer sends them, each line flushed so that a client shows it at once.
/// </summary>
public sealed class ProgressStream
{
    private readonly Channel<ProgressMessage> _lines = Channel.CreateUnbounded<ProgressMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public ProgressStream(HttpResponse response, CancellationToken ct)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        _writer = WriteAsync(response, ct);
    }

    public void Post(ProgressMessage message) => _lines.Writer.TryWrite(message);

    public void Status(string status, string? id = null) => Post(new ProgressMessage { Status = status, Id = id, ProgressDetail = id is null ? null : new ProgressDetailDto() });

    /// <summary>What docker CLI prints as the failure, ending the stream; the message names the cause.</summary>
    public void Error(string message) => Post(new ProgressMessage { Error = message, ErrorDetail = new ErrorDetailDto { Message = message } });

    public async Task CompleteAsync()
    {
        _lines.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync(HttpResponse response, CancellationToken ct)
    {
        await response.StartAsync(ct);
        await foreach (var line in _lines.Reader.ReadAllAsync(ct))
        {
            await JsonSerializer.SerializeAsync(response.Body, line, BockApiJsonContext.Default.ProgressMessage, ct);
            await response.Body.WriteAsync("\r\n"u8.ToArray(), ct);
            await response.Body.FlushAsync(ct);
        }
    }

    /// <summary>Docker's bar: 50 columns, <c>[=====&gt;    ]  1.2MB/3.4MB</c>.</summary>
    public static string Bar(long current, long total)
    {
        if (total <= 0) return "";
        var filled = (int)Math.Clamp(current * 50 / total, 0, 50);
        var bar = new string('=', Math.Max(0, filled - 1)) + (filled > 0 ? ">" : "") + new string(' ', 50 - filled);
        return $"[{bar}] {Bytes(current)}/{Bytes(total)}";
    }

    private static string Bytes(long n) => n switch
    {
        >= 1_000_000_000 => $"{n / 1e9:0.##}GB",
        >= 1_000_000 => $"{n / 1e6:0.##}MB",
        >= 1_000 => $"{n / 1e3:0.##}kB",
        _ => $"{n}B",
    };
}
