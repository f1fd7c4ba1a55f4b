using System.Text.Json;
using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Lifecycle;

/// <summary>create → start → state → kill → delete, exec, pause/resume and resource limits, on real containers.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class LifecycleTests
{
    private static async Task<string> StatusAsync(TestBundle bundle)
    {
        var state = await bundle.OciAsync("state", bundle.Id);
        Assert.True(state.ExitCode == 0, state.ToString());
        return JsonDocument.Parse(state.Stdout).RootElement.GetProperty("status").GetString()!;
    }

    private static async Task WaitForStatusAsync(TestBundle bundle, string expected)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await StatusAsync(bundle) == expected) return;
            await Task.Delay(25);
        }
        Assert.Equal(expected, await StatusAsync(bundle));
    }

    [Fact]
    public async Task Create_start_state_kill_delete_walks_the_oci_states()
    {
        await using var bundle = new TestBundle(["sh", "-c", "trap 'exit 7' TERM; while true; do sleep 0.1; done"]);
        bundle.Write();
        var pidFile = Path.Combine(bundle.Directory, "pid");
        var create = await bundle.OciAsync("create", "--bundle", bundle.Directory, "--pid-file", pidFile, bundle.Id);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Equal("created", await StatusAsync(bundle));
        var pid = int.Parse(File.ReadAllText(pidFile));
        Assert.Contains("bock-oci", File.ReadAllText($"/proc/{pid}/cmdline"));

        var start = await bundle.OciAsync("start", bundle.Id);
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Equal("running", await StatusAsync(bundle));
        Assert.Equal(1, (await bundle.OciAsync("start", bundle.Id)).ExitCode);

        var list = await bundle.OciAsync("list", "--format", "json");
        Assert.Contains(bundle.Id, list.Stdout);
        var ps = await bundle.OciAsync("ps", "--format", "json", bundle.Id);
        Assert.Contains(pid.ToString(), ps.Stdout);

        var refused = await bundle.OciAsync("delete", bundle.Id);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("not stopped", refused.Stderr);

        var kill = await bundle.OciAsync("kill", bundle.Id, "TERM");
        Assert.True(kill.ExitCode == 0, kill.ToString());
        await WaitForStatusAsync(bundle, "stopped");

        var delete = await bundle.OciAsync("delete", bundle.Id);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.False(bundle.StateExists);
        Assert.Empty(bundle.LeftoverCgroups());
    }

    [Fact]
    public async Task Kill_delivers_the_named_signal()
    {
        var outDir = Directory.CreateTempSubdirectory("bock-signal-");
        try
        {
            await using var bundle = new TestBundle(["sh", "-c", "trap 'echo got-usr1 > /out/signal; exit 0' USR1; echo ready > /out/ready; while true; do sleep 0.05; done"],
                s => s with { Mounts = [.. s.Mounts!, new MountSpec { Destination = "/out", Type = "bind", Source = outDir.FullName, Options = ["rbind", "rw"] }] });
            bundle.Write();
            Assert.Equal(0, (await bundle.OciAsync("run", "--detach", "--bundle", bundle.Directory, bundle.Id)).ExitCode);
            for (var i = 0; i < 200 && !File.Exists(Path.Combine(outDir.FullName, "ready")); i++) await Task.Delay(25);
            var kill = await bundle.OciAsync("kill", bundle.Id, "SIGUSR1");
            Assert.True(kill.ExitCode == 0, kill.ToString());
            await WaitForStatusAsync(bundle, "stopped");
            Assert.Equal("got-usr1", File.ReadAllText(Path.Combine(outDir.FullName, "signal")).Trim());
        }
        finally
        {
            outDir.Delete(true);
        }
    }

    [Fact]
    public async Task Delete_force_of_a_running_container_leaves_nothing()
    {
        await using var bundle = new TestBundle(["sh", "-c", "sleep 1000 & sleep 1000 & wait"]);
        bundle.Write();
        var pidFile = Path.Combine(bundle.Directory, "pid");
        Assert.Equal(0, (await bundle.OciAsync("run", "--detach", "--pid-file", pidFile, "--bundle", bundle.Directory, bundle.Id)).ExitCode);
        var pid = int.Parse(File.ReadAllText(pidFile));
        await WaitForStatusAsync(bundle, "running");
        var delete = await bundle.OciAsync("delete", "--force", bundle.Id);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.False(bundle.StateExists);
        Assert.Empty(bundle.LeftoverCgroups());
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "), "init survived delete --force");
    }

    [Fact]
    public async Task Exit_status_is_the_containers()
    {
        await using var bundle = new TestBundle(["sh", "-c", "exit 42"]);
        Assert.Equal(42, (await bundle.RunAsync()).ExitCode);
    }

    [Fact]
    public async Task Memory_limit_kills_a_memory_hog_and_says_so()
    {
        const long limit = 32 * 1024 * 1024;
        await using var bundle = new TestBundle(["dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1"],
            s => s with { Linux = s.Linux! with { Resources = s.Linux.Resources! with { Memory = new MemorySpec { Limit = limit, Swap = limit } } } });
        var result = await bundle.RunAsync();
        Assert.True(result.ExitCode == 137, result.ToString());
        Assert.Contains("OOM killer", result.Stderr);
        Assert.Empty(bundle.LeftoverCgroups());
    }

    [Fact]
    public async Task Pids_limit_stops_a_fork_bomb()
    {
        await using var bundle = new TestBundle(["sleep", "1000"],
            s => s with { Linux = s.Linux! with { Resources = s.Linux.Resources! with { Pids = new PidsSpec { Limit = 8 } } } });
        bundle.Write();
        Assert.Equal(0, (await bundle.OciAsync("run", "--detach", "--bundle", bundle.Directory, bundle.Id)).ExitCode);
        var bomb = await bundle.OciAsync("exec", "--detach", bundle.Id, "sh", "-c", "for i in $(seq 40); do sleep 30 & done; wait");
        Assert.True(bomb.ExitCode == 0, bomb.ToString());
        await Task.Delay(500);
        var ps = await bundle.OciAsync("ps", "--format", "json", bundle.Id);
        Assert.True(ps.ExitCode == 0, ps.ToString());
        Assert.InRange(JsonDocument.Parse(ps.Stdout).RootElement.GetArrayLength(), 2, 8);
        Assert.Equal("8", File.ReadAllText($"/sys/fs/cgroup/pids/{bundle.CgroupsPath.TrimStart('/')}/pids.max").Trim());
    }

    [Fact]
    public async Task Exec_runs_inside_the_running_container()
    {
        await using var bundle = new TestBundle(["sh", "-c", "echo 'inside' > /tmp/marker; sleep 1000"],
            s => s with { Hostname = "exec-box", Mounts = [.. s.Mounts!, new MountSpec { Destination = "/tmp", Type = "tmpfs", Source = "tmpfs" }] });
        bundle.Write();
        Assert.Equal(0, (await bundle.OciAsync("run", "--detach", "--bundle", bundle.Directory, bundle.Id)).ExitCode);
        await WaitForStatusAsync(bundle, "running");
        CommandResult exec = null!;
        for (var i = 0; i < 100; i++)
        {
            exec = await bundle.OciAsync("exec", bundle.Id, "sh", "-c", "cat /tmp/marker; hostname; echo $$; ls /proc/self/fd | wc -l; exit 3");
            if (exec.Stdout.Contains("inside")) break;
            await Task.Delay(20);
        }
        Assert.Equal(3, exec.ExitCode);
        var lines = exec.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("inside", lines[0]);
        Assert.Equal("exec-box", lines[1]);
        Assert.NotEqual("1", lines[2]);
        Assert.Equal("4", lines[3].Trim());
    }

    [Fact]
    public async Task Pause_and_resume_freeze_the_container()
    {
        await using var bundle = new TestBundle(["sleep", "1000"]);
        bundle.Write();
        Assert.Equal(0, (await bundle.OciAsync("run", "--detach", "--bundle", bundle.Directory, bundle.Id)).ExitCode);
        Assert.Equal(0, (await bundle.OciAsync("pause", bundle.Id)).ExitCode);
        Assert.Equal("paused", await StatusAsync(bundle));
        Assert.Equal(0, (await bundle.OciAsync("resume", bundle.Id)).ExitCode);
        Assert.Equal("running", await StatusAsync(bundle));
    }

    [Fact]
    public async Task Hooks_run_in_order_with_the_state_on_stdin()
    {
        // startContainer hooks run inside the container, so the hook and its log live in a directory bound at the same path.
        var dir = Directory.CreateTempSubdirectory("bock-hooks-").FullName;
        var log = Path.Combine(dir, "hooks.log");
        var script = Path.Combine(dir, "hook.sh");
        File.WriteAllText(script, $"#!/bin/sh\nstate=$(cat | tr -d ' \\n')\necho \"$1 $(echo \"$state\" | grep -o '\"status\":\"[a-z]*\"')\" >> {log}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        HookSpec Hook(string stage) => new() { Path = script, Args = [script, stage] };
        try
        {
            await using var bundle = new TestBundle(["true"], s => s with
            {
                Mounts = [.. s.Mounts!, new MountSpec { Destination = dir, Type = "bind", Source = dir, Options = ["rbind", "rw"] }],
                Hooks = new HooksSpec
                {
                    Prestart = [Hook("prestart")], CreateRuntime = [Hook("createRuntime")], CreateContainer = [Hook("createContainer")],
                    StartContainer = [Hook("startContainer")], Poststart = [Hook("poststart")], Poststop = [Hook("poststop")],
                },
            });
            var result = await bundle.RunAsync();
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = File.ReadAllLines(log);
            Assert.Equal(["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"], lines.Select(l => l.Split(' ')[0]));
            Assert.Contains("\"status\":\"creating\"", lines[1]);
            Assert.Contains("\"status\":\"stopped\"", lines[^1]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task No_pivot_switches_root_with_move_and_chroot()
    {
        await using var bundle = new TestBundle(["ls", "/"]);
        bundle.Write();
        var result = await bundle.OciAsync("run", "--no-pivot", "--bundle", bundle.Directory, bundle.Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        // The busybox rootfs (other tests may add mount points to it), not the host's root with /usr and /lib.
        var entries = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("bin", entries);
        Assert.DoesNotContain("usr", entries);
        Assert.DoesNotContain("lib", entries);
    }
}
