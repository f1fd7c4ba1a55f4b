using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bock.Api.Dtos;

namespace Bock.Cli.Build;

/// <summary>
/// <c>--progress tty</c>: a live BuildKit-like view on a terminal, redrawn about ten times a second with ANSI cursor
/// moves. Finished steps collapse to one line (<c>=&gt; [busybox 2/6] RUN …  0.4s</c>, <c>=&gt; CACHED …</c>) and, once
/// every step before them has finished too, are printed for good above the live area, so a redraw only rewrites
/// what can still change: a header, then each unfinished step with a spinner and its elapsed time and the last few
/// lines of its output, dimmed. A failed step keeps its last output lines under its <c>ERROR</c> line.
/// </summary>
internal sealed class TtyBuildProgress : IBuildProgress
{
    private const int LogLinesShown = 6;
    private const string Spinner = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private const string Dim = "\u001b[2m", Red = "\u001b[31m", Blue = "\u001b[34m", Reset = "\u001b[0m";

    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly int _width;
    private readonly int _maxLiveLines;
    private readonly Func<TimeSpan> _clock;
    private readonly List<StepView> _steps = [];
    private readonly Dictionary<int, StepView> _byVertex = [];
    private readonly List<string> _notes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _ticker;
    private int _committed;
    private int _liveHeight;
    private bool _finished;

    /// <param name="animate">Redraw on a timer (a real terminal); tests draw with <see cref="Redraw"/> themselves.</param>
    public TtyBuildProgress(TextWriter output, int width, int height, Func<TimeSpan>? clock = null, bool animate = true)
    {
        _output = output;
        _width = Math.Max(width, 40);
        _maxLiveLines = Math.Max(height - 2, 4);
        var watch = Stopwatch.StartNew();
        _clock = clock ?? (() => watch.Elapsed);
        if (animate) _ticker = TickAsync();
    }

    public void Stream(string text)
    {
        // Step lines (#N …) are the structured events' plain twin; anything else is a note worth keeping.
        lock (_gate)
            foreach (var line in text.TrimEnd('\n').Split('\n'))
                if (line.Length > 0 && !line.StartsWith('#')) _notes.Add(line);
    }

    public void Step(BuildStepAux step)
    {
        lock (_gate)
        {
            if (!_byVertex.TryGetValue(step.Vertex, out var view))
            {
                _byVertex[step.Vertex] = view = new StepView(step.Vertex, _clock());
                _steps.Add(view);
            }
            view.Title = Title(step);
            view.Status = step.Status;
            view.Seconds = step.Seconds;
        }
    }

    public void Log(BuildLogAux log)
    {
        lock (_gate)
        {
            if (!_byVertex.TryGetValue(log.Vertex, out var view)) return;
            view.Log.Enqueue(log.Line.TrimEnd('\r', '\n'));
            while (view.Log.Count > LogLinesShown) view.Log.Dequeue();
        }
    }

    public void Complete(string? imageId)
    {
        lock (_gate)
            if (imageId is not null) _notes.Add($"=> image {imageId}");
        Finish("FINISHED", failed: false);
    }

    public void Fail(string message) => Finish("ERROR", failed: true);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _ticker?.Wait();
        }
        catch (AggregateException)
        {
        }
        Finish("CANCELED", failed: true);
        _stop.Dispose();
    }

    /// <summary>Draws the current frame: new finished steps for good, then the live area in place of the last one.</summary>
    public void Redraw()
    {
        lock (_gate)
        {
            if (_finished) return;
            Draw(final: false, "");
        }
    }

    private void Finish(string outcome, bool failed)
    {
        _stop.Cancel();
        lock (_gate)
        {
            if (_finished) return;
            Draw(final: true, failed ? $"{Red}{outcome}{Reset}" : outcome);
            _finished = true;
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Redraw();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Draw(bool final, string outcome)
    {
        var now = _clock();
        var frame = new StringBuilder();
        if (_liveHeight > 0) frame.Append($"\u001b[{_liveHeight}F"); // to column 1 of the live area's first line
        while (_committed < _steps.Count && (final || _steps[_committed].Finished))
        {
            foreach (var line in Lines(_steps[_committed], now)) AppendLine(frame, line);
            _committed++;
        }
        foreach (var note in _notes) AppendLine(frame, note);
        _notes.Clear();
        var live = new List<string>();
        var done = _steps.Count(s => s.Finished);
        live.Add($"[+] Building {Seconds(now)} ({done}/{_steps.Count}){(final ? " " + outcome : "")}");
        for (var i = _committed; i < _steps.Count; i++) live.AddRange(Lines(_steps[i], now));
        if (live.Count > _maxLiveLines) live.RemoveRange(1, live.Count - _maxLiveLines); // the newest steps matter most
        foreach (var line in live) AppendLine(frame, line);
        frame.Append("\u001b[J"); // whatever a taller earlier frame left below
        _liveHeight = final ? 0 : live.Count;
        _output.Write(frame.ToString());
        _output.Flush();
    }

    private IEnumerable<string> Lines(StepView step, TimeSpan now)
    {
        var (prefix, color) = step.Status switch
        {
            BuildStepAux.Cached => ("=> CACHED ", ""),
            BuildStepAux.Failed => ("=> ERROR ", Red),
            BuildStepAux.Done => ("=> ", ""),
            _ => ($"{Spinner[(int)(now.TotalMilliseconds / 100) % Spinner.Length]} ", Blue),
        };
        var elapsed = step.Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : now - step.Started;
        yield return color + Fit(prefix + step.Title, Seconds(elapsed)) + (color.Length > 0 ? Reset : "");
        if (step.Status is BuildStepAux.Done or BuildStepAux.Cached) yield break;
        foreach (var line in step.Log) yield return Dim + Clip(" => # " + line, _width) + Reset;
    }

    // Title on the left, time on the right, as BuildKit lays out a step; a long title is cut, never wrapped.
    private string Fit(string title, string time)
    {
        var room = _width - time.Length - 2;
        title = Clip(title, room);
        return title.PadRight(room) + "  " + time;
    }

    private static string Clip(string text, int width)
    {
        text = text.Replace('\t', ' ');
        return text.Length <= width ? text : text[..Math.Max(width - 1, 0)] + "…";
    }

    private static void AppendLine(StringBuilder frame, string line) => frame.Append(line).Append("\u001b[K\n");

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private static string Title(BuildStepAux step) =>
        step.Count <= 0 ? step.Name
        : step.Stage is { Length: > 0 } stage ? $"[{stage} {step.Index}/{step.Count}] {step.Name}"
        : $"[{step.Index}/{step.Count}] {step.Name}";

    private sealed class StepView(int vertex, TimeSpan started)
    {
        public int Vertex { get; } = vertex;
        public TimeSpan Started { get; } = started;
        public string Title { get; set; } = "";
        public string Status { get; set; } = BuildStepAux.Started;
        public double? Seconds { get; set; }
        public Queue<string> Log { get; } = new();
        public bool Finished => Status is BuildStepAux.Done or BuildStepAux.Cached or BuildStepAux.Failed;
    }
}
