using System.Net;
using System.Text;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Privileged;

/// <summary>docker exec over real containers: pipes, a terminal, detached, the docker CLI, and health-check exec.</summary>
[Trait("Category", "Privileged")]
public sealed class ExecTests
{
    [Fact]
    public async Task Exec_without_a_terminal_takes_stdin_streams_frames_and_reports_its_exit_code()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await RunningAsync(daemon);
        var exec = await CreateExecAsync(daemon, id,
            """{"AttachStdin": true, "AttachStdout": true, "AttachStderr": true, "Cmd": ["sh", "-c", "read x; echo out $x; sleep 0.2; echo err >&2; exit 4"]}""");

        using (var attach = await RawHttp.UpgradeAsync(daemon.Options.SocketPath, $"/v1.43/exec/{exec}/start", """{"Detach": false, "Tty": false}"""))
        {
            Assert.Equal(101, attach.StatusCode);
            Assert.Equal("application/vnd.docker.multiplexed-stream", attach.Headers["Content-Type"]);
            await attach.WriteAsync("hi\n");
            attach.CloseWrite();
            Assert.Equal([(1, "out hi\n"), (2, "err\n")], await attach.ReadFramesAsync(TimeSpan.FromSeconds(20)));
        }
        var inspect = await daemon.GetJsonAsync($"exec/{exec}/json");
        Assert.Equal(4, inspect.GetProperty("ExitCode").GetInt32());
        Assert.False(inspect.GetProperty("Running").GetBoolean());
        Assert.Equal(id, inspect.GetProperty("ContainerID").GetString());
        Assert.Equal("sh", inspect.GetProperty("ProcessConfig").GetProperty("entrypoint").GetString());

        using (var again = await daemon.PostJsonAsync($"exec/{exec}/start", """{"Detach": true}"""))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Exec_with_a_terminal_gets_a_pty_of_the_requested_size_and_raw_output()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await RunningAsync(daemon);
        var exec = await CreateExecAsync(daemon, id,
            """{"AttachStdout": true, "AttachStderr": true, "Tty": true, "ConsoleSize": [30, 100], "Cmd": ["sh", "-c", "stty size; tty; exit 2"]}""");

        using (var attach = await RawHttp.UpgradeAsync(daemon.Options.SocketPath, $"/exec/{exec}/start", """{"Detach": false, "Tty": true}"""))
        {
            Assert.Equal(101, attach.StatusCode);
            Assert.Equal("application/vnd.docker.raw-stream", attach.Headers["Content-Type"]);
            attach.CloseWrite();
            using var output = new MemoryStream();
            await attach.Stream.CopyToAsync(output).WaitAsync(TimeSpan.FromSeconds(20));
            var text = Encoding.UTF8.GetString(output.ToArray());
            Assert.Contains("30 100\r\n", text);
            Assert.Matches(@"/dev/pts/\d+\r\n", text);
        }
        Assert.Equal(2, (await daemon.GetJsonAsync($"exec/{exec}/json")).GetProperty("ExitCode").GetInt32());
        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task A_detached_exec_runs_with_a_pid_and_its_exit_code_shows_in_inspect()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await RunningAsync(daemon);
        var exec = await CreateExecAsync(daemon, id, """{"Cmd": ["sh", "-c", "sleep 1; exit 6"]}""");

        using (var start = await daemon.PostJsonAsync($"exec/{exec}/start", """{"Detach": true}"""))
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var running = await daemon.GetJsonAsync($"exec/{exec}/json");
        Assert.True(running.GetProperty("Running").GetBoolean(), running.ToString());
        Assert.True(running.GetProperty("Pid").GetInt32() > 0, running.ToString());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await daemon.GetJsonAsync($"exec/{exec}/json")).GetProperty("Running").GetBoolean())
        {
            Assert.True(DateTime.UtcNow < deadline, "the detached exec never ended");
            await Task.Delay(50);
        }
        Assert.Equal(6, (await daemon.GetJsonAsync($"exec/{exec}/json")).GetProperty("ExitCode").GetInt32());

        using (var unknown = await daemon.Client.GetAsync("exec/nosuch/json"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);

        // Gone with its container (pruned when the next exec is made).
        var other = await RunningAsync(daemon);
        await CreateExecAsync(daemon, other, """{"Cmd": ["true"]}""");
        using (var pruned = await daemon.Client.GetAsync($"exec/{exec}/json"))
            Assert.Equal(HttpStatusCode.NotFound, pruned.StatusCode);
        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, other);
    }

    [Fact]
    public async Task Exec_in_a_container_that_is_not_running_is_refused_with_409()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "sleep 30");
        var id = await daemon.CreateFromAsync(bundle);
        using (var refused = await daemon.PostJsonAsync($"containers/{id}/exec", """{"Cmd": ["true"]}"""))
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using (var empty = await daemon.PostJsonAsync($"containers/{id}/exec", """{"Cmd": []}"""))
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Docker_exec_from_the_real_docker_cli_passes_stdin_output_and_the_exit_code()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        Assert.True(File.Exists("/usr/local/bin/docker"), "the docker CLI (28.x) is missing from /usr/local/bin");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await RunningAsync(daemon);
        var docker = $"DOCKER_HOST=unix://{daemon.Options.SocketPath} DOCKER_CONFIG={daemon.Directory} /usr/local/bin/docker";

        var plain = await Shell.ShAsync($"{docker} exec {id} sh -c 'echo hi; echo oops >&2; exit 3'", TimeSpan.FromSeconds(60));
        Assert.True(plain.ExitCode == 3, plain.ToString());
        Assert.Equal("hi\n", plain.Stdout);
        Assert.Equal("oops\n", plain.Stderr);

        var piped = await Shell.ShAsync($"echo piped | {docker} exec -i {id} cat", TimeSpan.FromSeconds(60));
        Assert.True(piped.ExitCode == 0, piped.ToString());
        Assert.Equal("piped\n", piped.Stdout);

        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task The_runtimes_exec_for_health_checks_returns_exit_code_and_output()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await RunningAsync(daemon);
        var runtime = new ShimContainerRuntime(DaemonHost.ShimRuntimeOptions(daemon.Options, OciBinary.Path));

        var result = await runtime.ExecAsync(id, new ExecRequest(["sh", "-c", "echo healthy; exit 2"], TimeSpan.FromSeconds(10)), CancellationToken.None);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("healthy\n", result.Output);
        var slow = await runtime.ExecAsync(id, new ExecRequest(["sleep", "30"], TimeSpan.FromMilliseconds(300)), CancellationToken.None);
        Assert.True(slow.TimedOut);

        await LogsAndAttachTests.RemoveAndCheckAsync(daemon, id);
    }

    /// <summary>A started busybox container that sleeps; its id.</summary>
    internal static async Task<string> RunningAsync(Daemon daemon)
    {
        var bundle = new BusyboxBundle("/bin/sh", "-c", "sleep 60");
        var id = await daemon.CreateFromAsync(bundle);
        bundle.Dispose(); // the container has its own bundle now
        await daemon.PostOkAsync($"containers/{id}/start");
        return id;
    }

    private static async Task<string> CreateExecAsync(Daemon daemon, string id, string body)
    {
        using var response = await daemon.PostJsonAsync($"containers/{id}/exec", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Daemon.JsonAsync(response)).GetProperty("Id").GetString()!;
    }
}
