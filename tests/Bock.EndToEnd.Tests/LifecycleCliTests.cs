using System.Diagnostics;
using System.Globalization;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// The container lifecycle verbs not covered elsewhere (kill, restart, wait, start -a, pause, unpause, top, stats,
/// logs' --tail/--since/--until/-t, events) and the run flags that change how a container stops or is supervised.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class LifecycleCliTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    // Busybox sh runs a trap only between commands: a short sleep loop keeps it responsive to signals.
    private const string TrapUsr1 = "trap 'echo got USR1; exit 5' USR1; echo ready; while :; do sleep 0.1; done";

    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Kill_sends_sigkill_by_default_and_the_signal_named_by_s()
    {
        var trapped = await RunDetachedAsync(TrapUsr1);
        await Eventually.TrueAsync(async () => (await Daemon.BockAsync("logs", trapped)).Stdout.Contains("ready"));
        var usr1 = await Daemon.BockAsync("kill", "-s", "USR1", trapped);
        Assert.True(usr1.ExitCode == 0, usr1.ToString());
        await Eventually.TrueAsync(async () => await InspectAsync(trapped, "{{.State.Status}}") == "exited", what: "exited on USR1");
        Assert.Equal("5", await InspectAsync(trapped, "{{.State.ExitCode}}")); // the trap ran: the signal was USR1
        Assert.Contains("got USR1", (await Daemon.BockAsync("logs", trapped)).Stdout);

        var plain = await RunDetachedAsync(TrapUsr1);
        Assert.Equal(0, (await Daemon.BockAsync("kill", plain)).ExitCode);
        await Eventually.TrueAsync(async () => await InspectAsync(plain, "{{.State.Status}}") == "exited", what: "exited on KILL");
        Assert.Equal("137", await InspectAsync(plain, "{{.State.ExitCode}}"));

        var notRunning = await Daemon.BockAsync("kill", plain);
        Assert.NotEqual(0, notRunning.ExitCode);
        Assert.Contains("is not running", notRunning.Stderr);
        await RemoveAsync(trapped, plain);
    }

    [Fact]
    public async Task Restart_runs_the_command_again_as_a_new_process()
    {
        var name = await RunDetachedAsync("echo boot; sleep 1000");
        await Eventually.TrueAsync(async () => (await Daemon.BockAsync("logs", name)).Stdout == "boot\n");
        var pid = await InspectAsync(name, "{{.State.Pid}}");
        var restart = await Daemon.BockAsync("restart", "-t", "1", name);
        Assert.True(restart.ExitCode == 0, restart.ToString());
        Assert.Equal($"{name}\n", restart.Stdout);
        Assert.Equal("running", await InspectAsync(name, "{{.State.Status}}"));
        Assert.NotEqual(pid, await InspectAsync(name, "{{.State.Pid}}"));
        Assert.False(Directory.Exists($"/proc/{pid}"), "the first process is gone");
        await Eventually.TrueAsync(async () => (await Daemon.BockAsync("logs", name)).Stdout == "boot\nboot\n", what: "the command ran twice");
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Wait_blocks_until_the_exit_and_prints_the_code()
    {
        var name = await RunDetachedAsync("sleep 1; exit 42");
        var clock = Stopwatch.StartNew();
        var wait = await Daemon.BockAsync("wait", name);
        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Equal("42\n", wait.Stdout);
        Assert.Equal("exited", await InspectAsync(name, "{{.State.Status}}"));
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(0.5), $"returned after {clock.Elapsed}, before the exit");
        Assert.Equal("42\n", (await Daemon.BockAsync("wait", name)).Stdout); // an exited container answers at once
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Start_attach_streams_the_output_and_returns_the_containers_exit_code()
    {
        var name = Names.Unique("attach");
        Assert.Equal(0, (await Daemon.BockAsync("create", "--name", name, BockDaemon.Image, "sh", "-c", "echo to-out; echo to-err >&2; exit 3")).ExitCode);
        var start = await Daemon.BockAsync("start", "-a", name);
        Assert.Equal(3, start.ExitCode);
        Assert.Equal("to-out\n", start.Stdout);
        Assert.Equal("to-err\n", start.Stderr);
        Assert.Equal("exited 3", await InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Pause_freezes_the_cgroup_and_unpause_thaws_it()
    {
        var name = await RunDetachedAsync("i=0; while :; do echo $i; i=$((i+1)); sleep 0.05; done");
        var id = await InspectAsync(name, "{{.Id}}");
        var freezer = $"/sys/fs/cgroup/freezer/bock/{id}/freezer.state";
        await Eventually.TrueAsync(async () => await LineCountAsync(name) > 2);

        var pause = await Daemon.BockAsync("pause", name);
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Equal("paused", await InspectAsync(name, "{{.State.Status}}"));
        Assert.Equal("FROZEN", File.ReadAllText(freezer).Trim());
        var frozenAt = await LineCountAsync(name);
        await Task.Delay(700);
        Assert.Equal(frozenAt, await LineCountAsync(name)); // nothing runs while frozen

        var unpause = await Daemon.BockAsync("unpause", name);
        Assert.True(unpause.ExitCode == 0, unpause.ToString());
        Assert.Equal("running", await InspectAsync(name, "{{.State.Status}}"));
        Assert.Equal("THAWED", File.ReadAllText(freezer).Trim());
        await Eventually.TrueAsync(async () => await LineCountAsync(name) > frozenAt + 2, what: "output resumed");
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Top_lists_the_containers_processes_with_their_host_pids()
    {
        var name = Names.Unique("top");
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--name", name, BockDaemon.Image, "sleep", "1234")).ExitCode);
        var pid = await InspectAsync(name, "{{.State.Pid}}");
        var top = await Daemon.BockAsync("top", name);
        Assert.True(top.ExitCode == 0, top.ToString());
        var lines = top.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("PID", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains("sleep 1234", row);
        Assert.Contains(pid, row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Stats_no_stream_prints_one_sample_with_the_memory_limit_and_pid_count()
    {
        var name = Names.Unique("stats");
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--name", name, "--memory", "64m", BockDaemon.Image, "sh", "-c", "sleep 1000 & sleep 1000 & wait")).ExitCode);
        string[] fields = [];
        // The sleeps may not be forked yet when run -d returns: sample until sh and both sleeps are counted.
        await Eventually.TrueAsync(async () =>
        {
            var stats = await Daemon.BockAsync("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", name);
            Assert.True(stats.ExitCode == 0, stats.ToString());
            Assert.Single(stats.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // one sample, then it returns
            fields = stats.Stdout.TrimEnd('\n').Split('|');
            return fields[2] == "3";
        }, TimeSpan.FromSeconds(5), "three pids in the stats");
        Assert.Equal(name, fields[0]);
        Assert.EndsWith(" / 64MiB", fields[1]);
        Assert.False(fields[1].StartsWith("0B"), fields[1]); // a running shell uses memory
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Logs_tail_and_timestamps_select_and_stamp_lines()
    {
        var name = Names.Unique("logs");
        Assert.Equal(0, (await Daemon.BockAsync("run", "--name", name, BockDaemon.Image, "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done")).ExitCode);
        Assert.Equal("line4\nline5\n", (await Daemon.BockAsync("logs", "--tail", "2", name)).Stdout);
        Assert.Equal("line5\n", (await Daemon.BockAsync("logs", "-n", "1", name)).Stdout);
        Assert.Equal("", (await Daemon.BockAsync("logs", "--tail", "0", name)).Stdout);
        var stamped = (await Daemon.BockAsync("logs", "-t", name)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, stamped.Length);
        foreach (var (line, i) in stamped.Select((l, i) => (l, i + 1)))
        {
            Assert.Matches($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line{i}$", line);
            var at = DateTimeOffset.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.True((DateTimeOffset.UtcNow - at).Duration() < TimeSpan.FromMinutes(2), line);
        }
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Logs_since_and_until_cut_at_the_time_given()
    {
        var name = await RunDetachedAsync("echo early; sleep 3; echo late; sleep 1000");
        await Eventually.TrueAsync(async () => (await Daemon.BockAsync("logs", name)).Stdout.Contains("late"), what: "late line");
        var late = (await Daemon.BockAsync("logs", "-t", name)).Stdout.Split('\n').Single(l => l.EndsWith(" late"));
        // Whole seconds on the wire: the cut is the second 'late' was written in, at least 2 s after 'early'.
        var cut = DateTimeOffset.Parse(late.Split(' ')[0], CultureInfo.InvariantCulture).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal("late\n", (await Daemon.BockAsync("logs", "--since", cut, name)).Stdout);
        Assert.Equal("early\n", (await Daemon.BockAsync("logs", "--until", cut, name)).Stdout);
        Assert.Equal("early\nlate\n", (await Daemon.BockAsync("logs", "--since", "10m", name)).Stdout);
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Events_since_until_replays_a_containers_life_in_order()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var name = Names.Unique("events");
        Assert.Equal(0, (await Daemon.BockAsync("run", "--rm", "--name", name, BockDaemon.Image, "true")).ExitCode);
        await Task.Delay(1100); // until is whole seconds
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var events = await Daemon.BockAsync("events", "--since", since, "--until", until, "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        Assert.True(events.ExitCode == 0, events.ToString());
        var mine = events.Stdout.Split('\n').Where(l => l.EndsWith(" " + name)).Select(l => l[..^(name.Length + 1)]).ToList();
        Assert.Equal(["container create", "container start", "container die", "container destroy"], mine.Where(l => l is not "container attach").ToList());

        var filtered = await Daemon.BockAsync("events", "--since", since, "--until", until, "--filter", "event=die", "--filter", $"container={name}", "--format", "{{.Action}}");
        Assert.Equal("die\n", filtered.Stdout);
    }

    [Fact]
    public async Task Events_streams_to_a_reader_that_was_listening_before()
    {
        var name = Names.Unique("stream");
        var cli = $"{BockDaemon.Cli} -H {Daemon.Host}";
        // The reader starts first, then a container lives and dies; the reader sees it live, not replayed.
        var script = $"{cli} events --filter container={name} --format '{{{{.Action}}}}' & r=$!; sleep 1; " +
                     $"{cli} run --rm --name {name} {BockDaemon.Image} true >/dev/null; sleep 1; kill $r; wait $r 2>/dev/null; true";
        var result = await Shell.ShAsync(script);
        var actions = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(a => a != "attach").ToList();
        Assert.True(actions.SequenceEqual(["create", "start", "die", "destroy"]), result.ToString());
    }

    [Fact]
    public async Task Stop_signal_is_what_stop_sends()
    {
        var name = Names.Unique("stopsig");
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--name", name, "--stop-signal", "USR1", BockDaemon.Image, "sh", "-c", TrapUsr1)).ExitCode);
        await Eventually.TrueAsync(async () => (await Daemon.BockAsync("logs", name)).Stdout.Contains("ready"));
        Assert.Equal("USR1", await InspectAsync(name, "{{.Config.StopSignal}}"));
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, (await Daemon.BockAsync("stop", name)).ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stop took {clock.Elapsed}: the signal was not USR1");
        Assert.Equal("5", await InspectAsync(name, "{{.State.ExitCode}}"));
        Assert.Contains("got USR1", (await Daemon.BockAsync("logs", name)).Stdout);
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Stop_timeout_is_the_grace_before_sigkill()
    {
        var name = Names.Unique("stoptime");
        // As pid 1 without a handler, sh ignores SIGTERM: only the SIGKILL after the grace ends it.
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--name", name, "--stop-timeout", "2", BockDaemon.Image, "sh", "-c", "while :; do sleep 0.1; done")).ExitCode);
        Assert.Equal("2", await InspectAsync(name, "{{.Config.StopTimeout}}"));
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, (await Daemon.BockAsync("stop", name)).ExitCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(8)); // not the default 10 s
        Assert.Equal("137", await InspectAsync(name, "{{.State.ExitCode}}"));
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Init_puts_an_init_at_pid_1_that_forwards_signals()
    {
        var without = await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "sh", "-c", "echo $$");
        Assert.Equal("1\n", without.Stdout);
        var with = await Daemon.BockAsync("run", "--rm", "--init", BockDaemon.Image, "sh", "-c", "echo $$; cat /proc/1/cmdline | tr '\\0' ' '");
        Assert.True(with.ExitCode == 0, with.ToString());
        var lines = with.Stdout.Split('\n');
        Assert.NotEqual("1", lines[0]);
        Assert.StartsWith("/sbin/docker-init -- sh", lines[1]);

        // With the init at pid 1, the shell is no longer pid 1, so SIGTERM's default action ends it promptly.
        var name = Names.Unique("init");
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--init", "--name", name, BockDaemon.Image, "sh", "-c", "while :; do sleep 0.1; done")).ExitCode);
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, (await Daemon.BockAsync("stop", "-t", "10", name)).ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stop took {clock.Elapsed}");
        Assert.Equal("143", await InspectAsync(name, "{{.State.ExitCode}}"));
        await RemoveAsync(name);
    }

    [Fact]
    public async Task Unless_stopped_restarts_a_crash_but_not_a_stop_even_across_a_daemon_restart()
    {
        await using var daemon = await BockDaemon.StartAsync();
        var crashed = Names.Unique("us-crash");
        var stopped = Names.Unique("us-stop");
        foreach (var name in new[] { crashed, stopped })
            Assert.Equal(0, (await daemon.BockAsync("run", "-d", "--name", name, "--restart", "unless-stopped", BockDaemon.Image, "sleep", "1000")).ExitCode);
        Assert.Equal("unless-stopped", (await daemon.BockAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", crashed)).Stdout.Trim());

        var pid = (await daemon.BockAsync("inspect", "-f", "{{.State.Pid}}", crashed)).Stdout.Trim();
        Assert.Equal(0, (await Shell.RunAsync("/bin/kill", ["-9", pid])).ExitCode);
        await Eventually.TrueAsync(async () =>
        {
            var state = (await daemon.BockAsync("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", crashed)).Stdout.Trim();
            return state.StartsWith("running ") && state != $"running {pid}" && state != "running 0";
        }, TimeSpan.FromSeconds(10), "the crashed container running again");

        Assert.Equal(0, (await daemon.BockAsync("stop", "-t", "1", stopped)).ExitCode);
        await Task.Delay(1500);
        Assert.Equal("exited", (await daemon.BockAsync("inspect", "-f", "{{.State.Status}}", stopped)).Stdout.Trim());

        // The difference from 'always': a container the user stopped stays stopped when the daemon comes back.
        await daemon.KillHardAsync();
        await daemon.RestartAsync();
        await Task.Delay(1500);
        Assert.Equal("exited", (await daemon.BockAsync("inspect", "-f", "{{.State.Status}}", stopped)).Stdout.Trim());
        Assert.Equal("running", (await daemon.BockAsync("inspect", "-f", "{{.State.Status}}", crashed)).Stdout.Trim());
    }

    private async Task<string> RunDetachedAsync(string script)
    {
        var name = Names.Unique("life");
        var run = await Daemon.BockAsync("run", "-d", "--name", name, BockDaemon.Image, "sh", "-c", script);
        Assert.True(run.ExitCode == 0, run.ToString());
        return name;
    }

    private async Task<int> LineCountAsync(string name) =>
        (await Daemon.BockAsync("logs", name)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private async Task<string> InspectAsync(string name, string format) =>
        (await Daemon.BockAsync("inspect", "-f", format, name)).Stdout.Trim();

    private async Task RemoveAsync(params string[] names)
    {
        foreach (var name in names) Assert.Equal(0, (await Daemon.BockAsync("rm", "-f", name)).ExitCode);
    }
}
