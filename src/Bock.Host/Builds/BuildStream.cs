using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Bock.Builder.Execution;

namespace Bock.Host.Builds;

/// <summary>
/// <c>POST /build</c>'s answer: JSON lines, each flushed as it comes. Every step event becomes a Docker line (human
/// text in <c>stream</c>, BuildKit's plain style: <c>#3 [busybox 2/6] RUN …</c>, <c>#3 DONE 0.4s</c>) and a
/// structured <c>bock.step</c>/<c>bock.log</c> line for bock's renderer. <c>q</c> keeps only the result lines.
/// </summary>
internal sealed class BuildStream : IBuildObserver
{
    private readonly Channel<BuildProgressLine> _lines = Channel.CreateUnbounded<BuildProgressLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly bool _quiet;

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    public BuildStream(HttpResponse response, bool quiet, CancellationToken ct)
    {
        _quiet = quiet;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        _writer = WriteAsync(response, ct);
    }

    public void Step(StepProgress progress)
    {
        var text = progress.Status switch
        {
            "started" => $"#{progress.Vertex} [{progress.Stage} {progress.Index}/{progress.Count}] {progress.Name}\n",
            "cached" => $"#{progress.Vertex} CACHED\n",
            "done" => $"#{progress.Vertex} DONE {(progress.Seconds ?? 0).ToString("0.0", CultureInfo.InvariantCulture)}s\n",
            _ => $"#{progress.Vertex} ERROR\n",
        };
        Text(text);
        Post(new BuildProgressLine
        {
            Id = BuildProgressLine.StepId,
            Aux = JsonSerializer.SerializeToElement(new BuildStepAux
            {
                Vertex = progress.Vertex, Stage = progress.Stage, Index = progress.Index, Count = progress.Count, Name = progress.Name,
                Status = progress.Status, Seconds = progress.Seconds is { } s ? Math.Round(s, 3) : null,
            }, BockApiJsonContext.Default.BuildStepAux),
        });
    }

    public void Log(int vertex, string line)
    {
        Text($"#{vertex} {line}\n");
        Post(new BuildProgressLine
        {
            Id = BuildProgressLine.LogId,
            Aux = JsonSerializer.SerializeToElement(new BuildLogAux { Vertex = vertex, Line = line }, BockApiJsonContext.Default.BuildLogAux),
        });
    }

    /// <summary>Human text, left out when quiet.</summary>
    public void Text(string text)
    {
        if (!_quiet) Post(new BuildProgressLine { Stream = text });
    }

    /// <summary>Docker's result lines: the image id, then "Successfully built/tagged" (the classic docker CLI reads them).</summary>
    public void Built(string configDigest, IReadOnlyList<string> tags)
    {
        Post(new BuildProgressLine { Aux = JsonSerializer.SerializeToElement(new BuildResultAux { Id = configDigest }, BockApiJsonContext.Default.BuildResultAux) });
        Text($"Successfully built {configDigest[7..19]}\n");
        foreach (var tag in tags) Text($"Successfully tagged {tag}\n");
    }

    public void Error(string message, int code) =>
        Post(new BuildProgressLine { Error = message, ErrorDetail = new BuildErrorDetail { Code = code, Message = message } });

    public async Task CompleteAsync()
    {
        _lines.Writer.TryComplete();
        await _writer;
    }

    private void Post(BuildProgressLine message) => _lines.Writer.TryWrite(message);

    private async Task WriteAsync(HttpResponse response, CancellationToken ct)
    {
        await response.StartAsync(ct);
        Task<bool>? pending = null;
        while (true)
        {
            pending ??= _lines.Reader.WaitToReadAsync(ct).AsTask();
            if (await Task.WhenAny(pending, Task.Delay(Heartbeat, ct)) != pending)
            {
                // A silent step still writes now and then: a client that went away is only heard by a write (the
                // socket relay passes its FIN on as a half-close). A blank line is whitespace to every JSON-lines
                // reader (Docker's decoder, bock's).
                await response.Body.WriteAsync("\r\n"u8.ToArray(), ct);
                await response.Body.FlushAsync(ct);
                continue;
            }
            var more = await pending;
            pending = null;
            if (!more) return;
            while (_lines.Reader.TryRead(out var line))
            {
                await JsonSerializer.SerializeAsync(response.Body, line, BockApiJsonContext.Default.BuildProgressLine, ct);
                await response.Body.WriteAsync("\r\n"u8.ToArray(), ct);
            }
            await response.Body.FlushAsync(ct);
        }
    }
}
