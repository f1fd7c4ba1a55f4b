using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bock.Api;
using Bock.Api.Dtos;

namespace Bock.Cli.Stacks;

/// <summary>
/// Shows a stack operation's progress lines as docker compose v2 does. On a terminal: a "[+] Running 2/3" header and
/// one line per resource (<c> ✔ Container p-web-1  Started  0.4s</c>), redrawn in place as they change. Otherwise
/// plain lines, one per change (<c> Container p-web-1  Started</c>). A final error line is printed and makes the
/// exit code 1; lines without an aux (a pull's byte counts) are not shown.
/// </summary>
internal sealed class StackProgressRenderer(TextWriter output, bool terminal, string verb = "Running", Func<TimeSpan>? clock = null)
{
    private static readonly string[] Spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly HashSet<string> Done = ["Created", "Started", "Healthy", "Exited", "Recreated", "Pulled", "Stopped", "Removed", "Running", "Killed", "Paused", "Unpaused", "Restarted", "Built", "Scaled", "Restored", "Unhealthy"];

    private readonly Func<TimeSpan> _clock = clock ?? StartClock();
    private readonly List<Entry> _entries = [];
    private readonly Lock _gate = new();
    private int _drawnLines;
    private int _tick;

    /// <summary>Reads the stream to its end; returns 0, or 1 after printing the error that ended it.</summary>
    public async Task<int> RenderAsync(Stream stream, TextWriter errors, CancellationToken ct)
    {
        using var reader = new StreamReader(stream);
        using var redraw = terminal ? new Timer(_ => Redraw(), null, 100, 100) : null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            StackProgressLine? message;
            try
            {
                message = JsonSerializer.Deserialize(line, BockApiJsonContext.Default.StackProgressLine);
            }
            catch (JsonException)
            {
                continue;
            }
            if (message is null) continue;
            if ((message.ErrorDetail?.Message ?? message.Error) is { Length: > 0 } error)
            {
                Finish();
                await errors.WriteLineAsync(error);
                return 1;
            }
            if (message.Aux is { } aux) Render(aux);
        }
        Finish();
        return 0;
    }

    public void Render(StackProgress progress)
    {
        lock (_gate)
        {
            var now = _clock();
            var entry = _entries.FirstOrDefault(e => e.Resource == progress.Resource && e.Name == progress.Name);
            if (entry is null) _entries.Add(entry = new Entry(progress.Resource, progress.Name, now));
            entry.Status = progress.Status;
            entry.Message = progress.Message;
            entry.Finished = Done.Contains(progress.Status) || progress.Status == "Error" ? now : null;
            if (!terminal)
            {
                output.WriteLine(Plain(entry));
                output.Flush();
                return;
            }
            DrawLocked(now);
        }
    }

    /// <summary>The last frame: every timer stopped where it is.</summary>
    public void Finish()
    {
        if (!terminal) return;
        lock (_gate)
        {
            if (_entries.Count > 0) DrawLocked(_clock());
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            if (_entries.Count > 0) DrawLocked(_clock());
        }
    }

    private void DrawLocked(TimeSpan now)
    {
        _tick++;
        var frame = new System.Text.StringBuilder();
        if (_drawnLines > 0) frame.Append($"\u001b[{_drawnLines}A");
        var done = _entries.Count(e => e.Finished is not null);
        frame.Append("\r\u001b[2K").Append($"[+] {verb} {done}/{_entries.Count}").Append('\n');
        var width = _entries.Max(e => Title(e).Length);
        var statusWidth = _entries.Max(e => e.Status.Length);
        foreach (var entry in _entries)
        {
            var icon = entry.Status == "Error" ? "✘" : entry.Finished is not null ? "✔" : Spinner[_tick % Spinner.Length];
            var seconds = ((entry.Finished ?? now) - entry.Started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
            var message = entry.Message is { Length: > 0 } m ? " " + m : "";
            frame.Append("\r\u001b[2K").Append($" {icon} {Title(entry).PadRight(width)}  {entry.Status.PadRight(statusWidth)}{message} {seconds,6}").Append('\n');
        }
        _drawnLines = _entries.Count + 1;
        output.Write(frame.ToString());
        output.Flush();
    }

    internal static string Plain(Entry entry) =>
        $" {Title(entry)}  {entry.Status}" + (entry.Message is { Length: > 0 } m ? " " + m : "");

    private static string Title(Entry entry) => entry.Resource.Length == 0 ? entry.Name : $"{Kind(entry.Resource)} {entry.Name}";

    private static string Kind(string resource) =>
        resource.Length == 0 ? "" : char.ToUpperInvariant(resource[0]) + resource[1..];

    private static Func<TimeSpan> StartClock()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

    internal sealed class Entry(string resource, string name, TimeSpan started)
    {
        public string Resource { get; } = resource;
        public string Name { get; } = name;
        public TimeSpan Started { get; } = started;
        public string Status { get; set; } = "";
        public string? Message { get; set; }
        public TimeSpan? Finished { get; set; }
    }
}
