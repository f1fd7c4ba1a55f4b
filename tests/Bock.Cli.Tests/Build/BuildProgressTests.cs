using System.Text;
using System.Text.RegularExpressions;
using Bock.Cli.Build;

namespace Bock.Cli.Tests.Build;

public sealed partial class BuildProgressTests
{
    // A build as bockd streams it: BuildKit-like plain lines and their structured twins.
    private static readonly string[] Succeeding =
    [
        """{"id":"bock.step","aux":{"Vertex":1,"Stage":"busybox","Index":1,"Count":3,"Name":"COPY busybox /bin/busybox","Status":"started"}}""",
        """{"stream":"#1 [busybox 1/3] COPY busybox /bin/busybox\n"}""",
        """{"id":"bock.step","aux":{"Vertex":1,"Stage":"busybox","Index":1,"Count":3,"Name":"COPY busybox /bin/busybox","Status":"cached","Seconds":0}}""",
        """{"stream":"#1 CACHED\n"}""",
        """{"id":"bock.step","aux":{"Vertex":2,"Stage":"busybox","Index":2,"Count":3,"Name":"RUN /bin/busybox --install -s /bin","Status":"started"}}""",
        """{"stream":"#2 [busybox 2/3] RUN /bin/busybox --install -s /bin\n"}""",
        """{"id":"bock.log","aux":{"Vertex":2,"Line":"installing applets"}}""",
        """{"stream":"#2 0.102 installing applets\n"}""",
        """{"id":"bock.step","aux":{"Vertex":2,"Stage":"busybox","Index":2,"Count":3,"Name":"RUN /bin/busybox --install -s /bin","Status":"done","Seconds":0.41}}""",
        """{"stream":"#2 DONE 0.4s\n"}""",
        """{"id":"bock.step","aux":{"Vertex":3,"Stage":"busybox","Index":3,"Count":3,"Name":"RUN /bin/busybox mkdir -p /tmp","Status":"started"}}""",
        """{"stream":"#3 [busybox 3/3] RUN /bin/busybox mkdir -p /tmp\n"}""",
        """{"id":"bock.step","aux":{"Vertex":3,"Stage":"busybox","Index":3,"Count":3,"Name":"RUN /bin/busybox mkdir -p /tmp","Status":"done","Seconds":0.2}}""",
        """{"stream":"#3 DONE 0.2s\n"}""",
        """{"stream":"naming to docker.io/library/busybox:latest\n"}""",
        """{"aux":{"ID":"sha256:0123456789abcdef"}}""",
    ];

    private static readonly string[] Failing =
    [
        """{"id":"bock.step","aux":{"Vertex":1,"Stage":"app","Index":1,"Count":2,"Name":"RUN echo one; echo two; exit 3","Status":"started"}}""",
        """{"stream":"#1 [app 1/2] RUN echo one; echo two; exit 3\n"}""",
        """{"id":"bock.log","aux":{"Vertex":1,"Line":"one"}}""",
        """{"stream":"#1 0.010 one\n"}""",
        """{"id":"bock.log","aux":{"Vertex":1,"Line":"two"}}""",
        """{"stream":"#1 0.011 two\n"}""",
        """{"id":"bock.step","aux":{"Vertex":1,"Stage":"app","Index":1,"Count":2,"Name":"RUN echo one; echo two; exit 3","Status":"error","Seconds":0.05}}""",
        """{"stream":"#1 ERROR: process \"echo one; echo two; exit 3\" did not complete successfully: exit code: 3\n"}""",
        """{"errorDetail":{"code":3,"message":"Dockerfile:4:1: RUN echo one; echo two; exit 3: exit code 3"},"error":"Dockerfile:4:1: RUN echo one; echo two; exit 3: exit code 3"}""",
        """{"stream":"never read\n"}""",
    ];

    private static async Task<BuildStream.Outcome> FeedAsync(IBuildProgress progress, IEnumerable<string> lines, Action? afterEach = null)
    {
        BuildStream.Outcome outcome = new(null, null);
        string? id = null;
        foreach (var line in lines)
        {
            outcome = await BuildStream.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")), progress, default);
            id = outcome.ImageId ?? id;
            if (outcome.Error is not null) return outcome;
            afterEach?.Invoke();
        }
        return outcome with { ImageId = id };
    }

    [Fact]
    public async Task Plain_progress_is_the_stream_lines_as_they_come()
    {
        var output = new StringWriter();
        var outcome = await BuildStream.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', Succeeding))), new PlainBuildProgress(output), default);
        Assert.Equal("sha256:0123456789abcdef", outcome.ImageId);
        Assert.Null(outcome.Error);
        Assert.Equal("""
            #1 [busybox 1/3] COPY busybox /bin/busybox
            #1 CACHED
            #2 [busybox 2/3] RUN /bin/busybox --install -s /bin
            #2 0.102 installing applets
            #2 DONE 0.4s
            #3 [busybox 3/3] RUN /bin/busybox mkdir -p /tmp
            #3 DONE 0.2s
            naming to docker.io/library/busybox:latest

            """, output.ToString());
    }

    [Fact]
    public async Task The_error_line_ends_the_stream_with_its_location()
    {
        var output = new StringWriter();
        var outcome = await BuildStream.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', Failing))), new PlainBuildProgress(output), default);
        Assert.Equal("Dockerfile:4:1: RUN echo one; echo two; exit 3: exit code 3", outcome.Error);
        Assert.Contains("#1 0.011 two", output.ToString());
        Assert.DoesNotContain("never read", output.ToString());
    }

    [Fact]
    public async Task Quiet_progress_shows_the_output_only_when_the_build_fails()
    {
        var ok = new StringWriter();
        var quiet = new QuietBuildProgress(ok);
        await FeedAsync(quiet, Succeeding);
        quiet.Complete("sha256:0123456789abcdef");
        Assert.Equal("", ok.ToString());

        var failed = new StringWriter();
        var progress = new QuietBuildProgress(failed);
        var outcome = await FeedAsync(progress, Failing);
        progress.Fail(outcome.Error!);
        Assert.Contains("#1 0.010 one\n#1 0.011 two\n", failed.ToString());
    }

    [Fact]
    public async Task The_tty_view_collapses_finished_steps_and_prints_each_once()
    {
        var output = new StringWriter();
        var now = TimeSpan.Zero;
        using var tty = new TtyBuildProgress(output, 80, 24, () => now, animate: false);
        var outcome = await FeedAsync(tty, Succeeding, () =>
        {
            now += TimeSpan.FromMilliseconds(100);
            tty.Redraw();
        });
        tty.Complete(outcome.ImageId);
        var screen = Screen(output.ToString()).Select(Collapse).ToList();
        Assert.Equal([
            "=> CACHED [busybox 1/3] COPY busybox /bin/busybox 0.0s",
            "=> [busybox 2/3] RUN /bin/busybox --install -s /bin 0.4s",
            "=> [busybox 3/3] RUN /bin/busybox mkdir -p /tmp 0.2s",
            "naming to docker.io/library/busybox:latest",
            "=> image sha256:0123456789abcdef",
            "[+] Building 1.6s (3/3) FINISHED",
        ], screen);
        // A finished step is printed for good once, never redrawn.
        var plain = Strip(output.ToString());
        Assert.Single(Regex.Matches(plain, Regex.Escape("=> [busybox 2/3] RUN")));
    }

    [Fact]
    public async Task A_running_step_shows_a_spinner_its_time_and_its_last_output_dimmed()
    {
        var output = new StringWriter();
        var now = TimeSpan.Zero;
        using var tty = new TtyBuildProgress(output, 80, 24, () => now, animate: false);
        await FeedAsync(tty, Succeeding.Take(8));
        now = TimeSpan.FromSeconds(1.5);
        tty.Redraw();
        var screen = Screen(output.ToString()).Select(Collapse).ToList();
        Assert.Equal("=> CACHED [busybox 1/3] COPY busybox /bin/busybox 0.0s", screen[0]);
        Assert.Equal("[+] Building 1.5s (1/2)", screen[1]);
        Assert.Matches(@"^. \[busybox 2/3\] RUN /bin/busybox --install -s /bin 1\.5s$", screen[2]);
        Assert.Equal("=> # installing applets", screen[3]);
        Assert.Equal(4, screen.Count);
        Assert.Contains("\u001b[2m => # installing applets", output.ToString());

        // A later, shorter frame leaves nothing of the taller one behind.
        await FeedAsync(tty, Succeeding.Skip(8).Take(2));
        tty.Redraw();
        var after = Screen(output.ToString()).Select(Collapse).ToList();
        Assert.Equal(["=> CACHED [busybox 1/3] COPY busybox /bin/busybox 0.0s", "=> [busybox 2/3] RUN /bin/busybox --install -s /bin 0.4s", "[+] Building 1.5s (2/2)"], after);
    }

    [Fact]
    public async Task A_failed_step_keeps_its_last_output_lines()
    {
        var output = new StringWriter();
        using var tty = new TtyBuildProgress(output, 80, 24, () => TimeSpan.FromSeconds(2), animate: false);
        var outcome = await FeedAsync(tty, Failing, tty.Redraw);
        tty.Fail(outcome.Error!);
        Assert.Equal([
            "=> ERROR [app 1/2] RUN echo one; echo two; exit 3 0.1s",
            "=> # one",
            "=> # two",
            "[+] Building 2.0s (1/1) ERROR",
        ], Screen(output.ToString()).Select(Collapse).ToList());
    }

    [Fact]
    public void Long_titles_are_cut_to_the_terminal_width()
    {
        var output = new StringWriter();
        using var tty = new TtyBuildProgress(output, 40, 24, () => TimeSpan.Zero, animate: false);
        tty.Step(new Api.Dtos.BuildStepAux { Vertex = 1, Stage = "s", Index = 1, Count = 1, Name = "RUN " + new string('x', 100), Status = "done", Seconds = 1 });
        tty.Complete(null);
        Assert.All(Screen(output.ToString()), line => Assert.True(line.Length <= 40, line));
    }

    [GeneratedRegex(@"\u001b\[[0-9;]*[A-Za-z]")]
    private static partial Regex Ansi();

    private static string Strip(string text) => Ansi().Replace(text, "");

    private static string Collapse(string line) => Regex.Replace(line.Trim(), " {2,}", " ");

    /// <summary>The screen a terminal shows after <paramref name="output"/>: the cursor moves and erases the renderer uses, colours dropped.</summary>
    private static List<string> Screen(string output)
    {
        var lines = new List<StringBuilder> { new() };
        int row = 0, column = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            if (c == '\u001b' && i + 1 < output.Length && output[i + 1] == '[')
            {
                var end = i + 2;
                while (!char.IsLetter(output[end])) end++;
                var n = end > i + 2 ? int.Parse(output[(i + 2)..end].Split(';')[0]) : 1;
                switch (output[end])
                {
                    case 'F':
                        row = Math.Max(0, row - n);
                        column = 0;
                        break;
                    case 'K':
                        if (lines[row].Length > column) lines[row].Length = column;
                        break;
                    case 'J':
                        if (lines[row].Length > column) lines[row].Length = column;
                        lines.RemoveRange(row + 1, lines.Count - row - 1);
                        break;
                    case 'm':
                        break;
                    default:
                        throw new InvalidOperationException($"unexpected escape {output[i..(end + 1)]}");
                }
                i = end;
            }
            else if (c == '\n')
            {
                row++;
                column = 0;
                while (lines.Count <= row) lines.Add(new StringBuilder());
            }
            else if (c == '\r') column = 0;
            else
            {
                var line = lines[row];
                while (line.Length < column) line.Append(' ');
                if (column < line.Length) line[column] = c;
                else line.Append(c);
                column++;
            }
        }
        return lines.Select(l => l.ToString()).Where((l, i) => i < lines.Count - 1 || l.Length > 0).ToList();
    }
}
