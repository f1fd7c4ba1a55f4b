using System.Diagnostics;
using Bock.Oci.Shim;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Shim;

/// <summary><c>bock-oci shim</c> with real containers: log, exit file, socket requests, attach, and life after its caller.</summary>
[Trait(Category.Name, Category.Privileged)]
[Collection(ShimCollection.Name)]
public sealed class ShimTests
{
    [Fact]
    public async Task Logs_both_streams_in_order_and_records_the_exit_status()
    {
        await using var bundle = new TestBundle(["sh", "-c", "cat; echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; printf 'out2\\npartial'; exit 3"]);
        var shim = new ShimHarness(bundle);
        var shimPid = 0;
        try
        {
            shimPid = await shim.StartAsync();
            Assert.Equal("created", shim.State().GetProperty("status").GetString());
            Assert.Equal(File.ReadAllText(shim.PidFile), shim.State().GetProperty("pid").GetInt32().ToString());

            using var waiter = shim.Connect();
            var wait = Task.Run(() => waiter.Request("wait"));
            Assert.Equal("ok", shim.Request("start"));
            var reply = await wait.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.StartsWith("ok ", reply);
            Assert.Contains("\"exitCode\":3", reply);
            var exit = shim.ReadExitFile();
            Assert.Equal(3, exit.ExitCode);
            Assert.False(exit.OomKilled);
            var log = shim.ReadLog();
            Assert.Equal(["out1\n", "err1\n", "out2\n", "partial"], log.Select(e => e.Log));
            Assert.Equal(["stdout", "stderr", "stdout", "stdout"], log.Select(e => e.Stream));
            var times = log.Select(e => DateTimeOffset.Parse(e.Time, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(times.Order(), times);
            Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(50), "timestamps are taken when the output arrives");

            // The shim leaves the container stopped for its owner to delete, and exits.
            await ShimHarness.WaitUntilGoneAsync(shimPid);
            var state = await bundle.OciAsync("state", bundle.Id);
            Assert.Contains("\"stopped\"", state.Stdout);
        }
        finally
        {
            await shim.CleanUpAndCheckAsync(shimPid);
        }
    }

    [Fact]
    public async Task One_shim_serves_the_containers_of_a_root_each_with_its_own_log_exit_and_fds()
    {
        // The first container must outlive the broken create and the whole second container: 1 s did not on a loaded
        // CI machine (its socket was gone when the test asked it for its state).
        await using var first = new TestBundle(["sh", "-c", "echo first out; echo first err >&2; sleep 5; echo first done; exit 3"]);
        await using var second = new TestBundle(["sh", "-c", "echo second; ls /proc/self/fd | tr '\\n' ' '; exit 5"], stateRoot: first.StateRoot);
        var a = new ShimHarness(first);
        var b = new ShimHarness(second);
        int shimPid = 0, secondShimPid = 0;
        try
        {
            shimPid = await a.StartAsync();
            using var waitA = a.Connect();
            var exitA = Task.Run(() => waitA.Request("wait"));
            Assert.Equal("ok", a.Request("start"));

            // A container that cannot be created fails alone: its error to its caller, nothing of it left in the shim
            // (no state, socket or zombie child), the running container untouched.
            await using (var broken = new TestBundle(["true"], s => s with { Root = s.Root! with { Path = "/nonexistent-rootfs" } }, stateRoot: first.StateRoot))
            {
                var brokenShim = new ShimHarness(broken);
                broken.Write();
                var failed = await Shell.RunAsync(OciBinary.Path, brokenShim.Arguments());
                Assert.Equal(1, failed.ExitCode);
                Assert.Contains("rootfs", failed.Stderr);
                Assert.False(broken.StateExists);
                Assert.False(File.Exists(brokenShim.Socket));
            }
            Assert.Equal([int.Parse(File.ReadAllText(a.PidFile))], ChildrenOf(shimPid));
            Assert.Equal("running", a.State().GetProperty("status").GetString());

            // Created and run to its end while the first container's pipes are open in the same process.
            secondShimPid = await b.StartAsync();
            Assert.Equal(shimPid, secondShimPid);
            using var waitB = b.Connect();
            var exitB = Task.Run(() => waitB.Request("wait"));
            Assert.Equal("ok", b.Request("start"));
            Assert.Contains("\"exitCode\":5", await exitB.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal("running", a.State().GetProperty("status").GetString());
            Assert.True(ShimHarness.IsAlive(shimPid), "the shim serves the first container on");

            Assert.Contains("\"exitCode\":3", await exitA.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal((3, 5), (a.ReadExitFile().ExitCode, b.ReadExitFile().ExitCode));
            Assert.Equal(["first out\n", "first err\n", "first done\n"], a.ReadLog().Select(e => e.Log));
            // Only its own stdio (and the directory ls reads) reached the second container: none of the first's pipes.
            Assert.Equal(["second\n", "0 1 2 3 "], b.ReadLog().Select(e => e.Log));
            await ShimHarness.WaitUntilGoneAsync(shimPid); // its last container has exited
        }
        finally
        {
            await b.CleanUpAndCheckAsync(secondShimPid);
            await a.CleanUpAndCheckAsync(shimPid);
        }
    }

    private static List<int> ChildrenOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0)
            .Where(p => p > 0 && ShimHarness.IsAlive(p) && Stat(p) is { } stat && stat[1] == pid.ToString())];

    private static string[]? Stat(int pid)
    {
        try { return ShimHarness.Stat(pid); }
        catch (IOException) { return null; }
    }

    [Fact]
    public async Task Attach_streams_live_output_in_multiplexed_frames_and_takes_stdin()
    {
        await using var bundle = new TestBundle(["sh", "-c", "(while true; do echo tick; sleep 0.2; done) & read line; echo \"got $line\" >&2; wait"]);
        var shim = new ShimHarness(bundle);
        var shimPid = 0;
        try
        {
            shimPid = await shim.StartAsync(stdin: true);
            Assert.Equal("ok", shim.Request("start"));
            using var attach = shim.Connect();
            Assert.Equal("ok", attach.Request("attach"));
            for (var i = 0; i < 3; i++)
                Assert.Equal((OutputStream.Stdout, "tick\n"), attach.ReadFrame());

            attach.Send("hello\n");
            (OutputStream Stream, string Text)? frame;
            do frame = attach.ReadFrame();
            while (frame is { Stream: OutputStream.Stdout });
            Assert.Equal((OutputStream.Stderr, "got hello\n"), frame);

            Assert.Equal("ok", shim.Request("kill KILL"));
            while (attach.ReadFrame() is not null) { } // EOF once the container has exited
            Assert.Equal(137, shim.ReadExitFile().ExitCode);
            Assert.Contains(shim.ReadLog(), e => e is { Stream: "stderr", Log: "got hello\n" });
        }
        finally
        {
            await shim.CleanUpAndCheckAsync(shimPid);
        }
    }

    [Fact]
    public async Task Attach_stdin_once_closes_the_containers_stdin_when_the_client_ends_its_input_but_plain_attach_does_not()
    {
        await using var bundle = new TestBundle(["sh", "-c", "cat; echo \"cat ended\""]);
        var shim = new ShimHarness(bundle);
        var shimPid = 0;
        try
        {
            shimPid = await shim.StartAsync(stdin: true);
            Assert.Equal("ok", shim.Request("start"));
            using (var plain = shim.Connect())
            {
                Assert.Equal("ok", plain.Request("attach"));
                plain.Send("one\n");
                Assert.Equal((OutputStream.Stdout, "one\n"), plain.ReadFrame());
                plain.CloseSend();
                await Task.Delay(300);
                Assert.Equal("running", shim.State().GetProperty("status").GetString()); // cat still reads
            }
            using var once = shim.Connect();
            Assert.Equal("ok", once.Request("attach stdin-once"));
            once.Send("two\n");
            Assert.Equal((OutputStream.Stdout, "two\n"), once.ReadFrame());
            once.CloseSend();
            Assert.Equal((OutputStream.Stdout, "cat ended\n"), once.ReadFrame());
            Assert.Null(once.ReadFrame()); // EOF: the container exited
            Assert.Equal(0, shim.ReadExitFile().ExitCode);
        }
        finally
        {
            await shim.CleanUpAndCheckAsync(shimPid);
        }
    }

    [Fact]
    public async Task With_a_terminal_the_shim_holds_the_pty_and_attach_is_raw()
    {
        await using var bundle = new TestBundle(["sh", "-c", "read line; echo \"got $line\"; exit 5"],
            s => s with { Process = s.Process! with { Terminal = true } });
        var shim = new ShimHarness(bundle);
        var shimPid = 0;
        try
        {
            shimPid = await shim.StartAsync(tty: true);
            using var attach = shim.Connect();
            Assert.Equal("ok", attach.Request("attach")); // before start: nothing is missed
            Assert.Equal("ok", shim.Request("resize 30 100"));
            Assert.Equal("ok", shim.Request("start"));
            attach.Send("hi\n");
            Assert.Contains("got hi\r\n", attach.ReadUntil("got hi\r\n"));
            attach.ReadUntil("\0"); // to EOF
            Assert.Equal(5, shim.ReadExitFile().ExitCode);
            Assert.Contains("got hi", string.Concat(shim.ReadLog().Select(e => e.Log)));
            Assert.All(shim.ReadLog(), e => Assert.Equal("stdout", e.Stream));
        }
        finally
        {
            await shim.CleanUpAndCheckAsync(shimPid);
        }
    }

    [Fact]
    public async Task Outlives_the_process_that_started_it()
    {
        await using var bundle = new TestBundle(["sh", "-c", "while true; do sleep 0.1; done"]);
        var shim = new ShimHarness(bundle);
        var shimPid = 0;
        var pidOut = Path.Combine(bundle.Directory, "shim.pid");
        bundle.Write();
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in new[] { "-c", "out=$1; shift; \"$@\" >\"$out\" 2>&1 </dev/null && exec sleep 60", "sh", pidOut, OciBinary.Path })
            info.ArgumentList.Add(arg);
        foreach (var arg in shim.Arguments()) info.ArgumentList.Add(arg);
        using var caller = Process.Start(info)!;
        try
        {
            for (var i = 0; i < 200 && !int.TryParse(ReadOrEmpty(pidOut).Trim(), out shimPid); i++) await Task.Delay(25);
            Assert.True(shimPid > 0, $"the shim did not start: {ReadOrEmpty(pidOut)}");
            Assert.Equal("ok", shim.Request("start"));

            caller.Kill();
            await caller.WaitForExitAsync();
            await Task.Delay(300);

            Assert.Equal("running", shim.State().GetProperty("status").GetString());
            var stat = ShimHarness.Stat(shimPid);
            Assert.Equal(shimPid.ToString(), stat[3]); // its own session, so not in the caller's process group either
            Assert.NotEqual(caller.Id.ToString(), stat[1]);
            var initPid = int.Parse(File.ReadAllText(shim.PidFile));
            Assert.Equal(shimPid.ToString(), ShimHarness.Stat(initPid)[1]); // init is the shim's child: it reaps the exit status
            Assert.Equal(["/dev/null", "/dev/null", "/dev/null"], new[] { 0, 1, 2 }.Select(fd => new FileInfo($"/proc/{shimPid}/fd/{fd}").LinkTarget));

            Assert.Equal("ok", shim.Request("kill 9"));
            await ShimHarness.WaitUntilGoneAsync(shimPid);
            Assert.Equal(137, shim.ReadExitFile().ExitCode);
            Assert.Equal(9, shim.ReadExitFile().Signal);
        }
        finally
        {
            if (!caller.HasExited) caller.Kill();
            await shim.CleanUpAndCheckAsync(shimPid);
        }
    }

    [Fact]
    public async Task Kill_term_over_the_socket_stops_the_container_with_the_traps_status()
    {
        await using var bundle = new TestBundle(["sh", "-c", "trap 'echo stopping; exit 143' TERM; echo ready; while true; do sleep 0.1; done"]);
        var shim = new ShimHarness(bundle);
        var shimPid = 0;
        try
        {
            shimPid = await shim.StartAsync();
            Assert.Equal("ok", shim.Request("start"));
            for (var i = 0; i < 200 && !File.ReadAllText(shim.LogFile).Contains("ready"); i++) await Task.Delay(25);

            using var waiter = shim.Connect();
            var wait = Task.Run(() => waiter.Request("wait"));
            Assert.Equal("ok", shim.Request("kill TERM"));
            Assert.Contains("\"exitCode\":143", await wait.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(143, shim.ReadExitFile().ExitCode);
            Assert.Equal(["ready\n", "stopping\n"], shim.ReadLog().Select(e => e.Log));
            await ShimHarness.WaitUntilGoneAsync(shimPid);
        }
        finally
        {
            await shim.CleanUpAndCheckAsync(shimPid);
        }
    }

    [Fact]
    public async Task A_container_that_cannot_be_created_fails_the_shim_command_and_leaves_nothing()
    {
        await using var bundle = new TestBundle(["true"], s => s with { Root = s.Root! with { Path = "/nonexistent-rootfs" } });
        var shim = new ShimHarness(bundle);
        bundle.Write();
        var result = await Shell.RunAsync(OciBinary.Path, shim.Arguments());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rootfs", result.Stderr);
        Assert.False(bundle.StateExists);
        Assert.False(File.Exists(shim.Socket));
    }

    [Fact]
    public async Task Unknown_requests_get_an_error_and_the_connection_stays_usable()
    {
        await using var bundle = new TestBundle(["sh", "-c", "sleep 10"]);
        var shim = new ShimHarness(bundle);
        var shimPid = 0;
        try
        {
            shimPid = await shim.StartAsync();
            using var client = shim.Connect();
            Assert.StartsWith("error unknown request", client.Request("frobnicate"));
            Assert.StartsWith("error", client.Request("kill NOSUCHSIGNAL"));
            Assert.StartsWith("error", client.Request("resize 24 80"));
            Assert.StartsWith("ok {", client.Request("state"));
        }
        finally
        {
            await shim.CleanUpAndCheckAsync(shimPid);
        }
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
