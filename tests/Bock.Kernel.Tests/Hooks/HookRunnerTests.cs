using System.Diagnostics;
using System.Text.Json;
using Bock.Kernel.Hooks;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Hooks;

/// <summary>Real shell scripts as hooks, each test in its own directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HookRunnerTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bock-hooks-");
    private readonly ContainerState _state = new() { Id = "c1", Status = "creating", Pid = 4242, Bundle = "/b/c1" };

    public void Dispose() => _directory.Delete(recursive: true);

    private string Out(string name) => Path.Combine(_directory.FullName, name);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void Hooks_run_in_order_each_reading_the_state_on_stdin()
    {
        var log = Out("log");
        var hooks = new[] { "first", "second", "third" }
            .Select(name => new HookSpec { Path = Script(name, $"cat > {Out(name + ".json")}; echo {name} >> {log}") })
            .ToList();

        var warnings = HookRunner.RunAll(hooks, _state, "prestart");

        Assert.Empty(warnings);
        Assert.Equal(["first", "second", "third"], File.ReadAllLines(log));
        using var json = JsonDocument.Parse(File.ReadAllText(Out("second.json")));
        Assert.Equal("c1", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(4242, json.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal("creating", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void The_environment_is_exactly_the_hooks_env_and_args_after_the_first_are_passed()
    {
        // /proc/$$/environ is what execve received, before the shell adds PWD of its own.
        var hook = new HookSpec
        {
            Path = Script("env", $"tr '\\0' '\\n' < /proc/$$/environ > {Out("environ")}; printf '%s\\n' \"$@\" > {Out("args")}"),
            Args = ["argv0-is-not-settable", "one", "two words"],
            Env = ["ONLY=this", "AND=that=too"],
        };
        Environment.SetEnvironmentVariable("BOCK_TEST_SHOULD_NOT_LEAK", "1");

        HookRunner.Run(hook, _state, "createRuntime");

        Assert.Equal(["AND=that=too", "ONLY=this"], File.ReadAllLines(Out("environ")).Order());
        Assert.Equal(["one", "two words"], File.ReadAllLines(Out("args")));
    }

    [Fact]
    public void A_failing_hook_is_reported_with_stage_path_exit_code_and_the_end_of_its_stderr()
    {
        var path = Script("fails", "for i in $(seq 1 15); do echo \"stderr line $i\" >&2; done; exit 3");

        var error = Assert.Throws<HookException>(() => HookRunner.Run(new HookSpec { Path = path }, _state, "createContainer"));

        Assert.Equal(3, error.ExitCode);
        Assert.False(error.TimedOut);
        Assert.StartsWith($"createContainer hook {path}: exit code 3", error.Message);
        Assert.Contains("stderr line 15", error.Message);
        Assert.Contains("stderr line 6\n", error.Message);
        Assert.DoesNotContain("stderr line 5\n", error.Message);
    }

    [Fact]
    public void A_hook_past_its_timeout_is_killed_with_what_it_started()
    {
        var pidFile = Out("sleep.pid");
        var path = Script("slow", $"sleep 60 & echo $! > {pidFile}; wait");
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<HookException>(() => HookRunner.Run(new HookSpec { Path = path, Timeout = 1 }, _state, "poststart"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(error.TimedOut);
        Assert.Null(error.ExitCode);
        Assert.Contains("poststart hook", error.Message);
        Assert.Contains("timeout of 1 s", error.Message);
        var sleepPid = File.ReadAllText(pidFile).Trim();
        Assert.True(SpinWait.SpinUntil(() => IsGone(sleepPid), TimeSpan.FromSeconds(5)), $"sleep {sleepPid} survived");
    }

    // Killed but perhaps not yet reaped by its new parent: a zombie counts as gone.
    private static bool IsGone(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }

    [Fact]
    public void RunAll_stops_at_the_first_failure()
    {
        var hooks = new List<HookSpec>
        {
            new() { Path = Script("ok1", $"touch {Out("ok1.ran")}") },
            new() { Path = Script("bad", "exit 1") },
            new() { Path = Script("ok2", $"touch {Out("ok2.ran")}") },
        };

        var error = Assert.Throws<HookException>(() => HookRunner.RunAll(hooks, _state, "startContainer"));

        Assert.EndsWith("bad", error.HookPath);
        Assert.True(File.Exists(Out("ok1.ran")));
        Assert.False(File.Exists(Out("ok2.ran")));
    }

    [Fact]
    public void RunAll_for_poststop_runs_every_hook_and_returns_the_failures_as_warnings()
    {
        var hooks = new List<HookSpec>
        {
            new() { Path = Script("bad", "echo cleanup failed >&2; exit 2") },
            new() { Path = Script("ok2", $"touch {Out("ok2.ran")}") },
        };

        var warnings = HookRunner.RunAll(hooks, _state, "poststop", continueOnError: true);

        var warning = Assert.Single(warnings);
        Assert.Equal("poststop", warning.Stage);
        Assert.Equal(2, warning.ExitCode);
        Assert.Equal("cleanup failed", warning.StderrTail);
        Assert.True(File.Exists(Out("ok2.ran")));
    }

    [Fact]
    public void A_hook_that_cannot_start_is_a_hook_failure()
    {
        var error = Assert.Throws<HookException>(() =>
            HookRunner.Run(new HookSpec { Path = Out("missing") }, _state, "prestart"));
        Assert.Contains("prestart hook", error.Message);
        Assert.Contains(Out("missing"), error.Message);
        Assert.Null(error.ExitCode);
    }

    [Fact]
    public void A_hook_that_ignores_a_large_state_on_stdin_still_succeeds()
    {
        var big = _state with { Annotations = Enumerable.Range(0, 5000).ToDictionary(i => $"key{i}", i => new string('x', 40)) };
        HookRunner.Run(new HookSpec { Path = Script("ignores", "exit 0"), Timeout = 10 }, big, "prestart");
    }
}
