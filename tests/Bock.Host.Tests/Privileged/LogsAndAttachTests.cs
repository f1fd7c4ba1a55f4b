using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Privileged;

/// <summary>Logs, attach and resize over real containers under their shims (root, real kernel).</summary>
[Trait("Category", "Privileged")]
public sealed class LogsAndAttachTests
{
    private static readonly Dictionary<string, string> OpenStdin = new() { ["io.bock.open-stdin"] = "true" };

    [Fact]
    public async Task Logs_come_back_in_frames_by_stream_and_honour_stdout_stderr_tail_and_timestamps()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three");
        var id = await daemon.CreateFromAsync(bundle);
        await daemon.PostOkAsync($"containers/{id}/start");
        (await daemon.Client.PostAsync($"containers/{id}/wait", null)).Dispose();

        Assert.Equal([(1, "one\n"), (2, "two\n"), (1, "three\n")], await LogsAsync(daemon, id, "stdout=1&stderr=1"));
        Assert.Equal([(1, "one\n"), (1, "three\n")], await LogsAsync(daemon, id, "stdout=1"));
        Assert.Equal([(2, "two\n")], await LogsAsync(daemon, id, "stderr=1"));
        Assert.Equal([(1, "three\n")], await LogsAsync(daemon, id, "stdout=1&stderr=1&tail=1"));
        var stamped = await LogsAsync(daemon, id, "stdout=1&timestamps=1");
        Assert.All(stamped, f => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (one|three)\n$", f.Text));
        var future = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        Assert.Empty(await LogsAsync(daemon, id, $"stdout=1&since={future}"));

        using var neither = await daemon.Client.GetAsync($"containers/{id}/logs");
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        using var unknown = await daemon.Client.GetAsync("containers/nosuch/logs?stdout=1");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Logs_with_follow_stream_new_output_and_end_when_the_container_exits()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "echo first; sleep 1; echo second");
        var id = await daemon.CreateFromAsync(bundle);
        await daemon.PostOkAsync($"containers/{id}/start");

        var clock = Stopwatch.StartNew();
        var frames = await LogsAsync(daemon, id, "stdout=1&follow=1");
        Assert.Equal([(1, "first\n"), (1, "second\n")], frames);
        Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(500), $"follow ended after {clock.Elapsed} although the container still ran");

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Attach_with_an_upgrade_before_start_carries_stdin_in_and_both_streams_out_until_the_exit()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle(OpenStdin, "/bin/sh", "-c", "read line; echo got $line; sleep 0.2; echo oops >&2; exit 3");
        var id = await daemon.CreateFromAsync(bundle);

        using var attach = await RawHttp.UpgradeAsync(daemon.Options.SocketPath, $"/v1.43/containers/{id}/attach?stream=1&stdin=1&stdout=1&stderr=1");
        Assert.Equal(101, attach.StatusCode);
        Assert.Equal("application/vnd.docker.multiplexed-stream", attach.Headers["Content-Type"]);
        Assert.Equal("tcp", attach.Headers["Upgrade"]);
        Assert.Contains("upgrade", attach.Headers["Connection"], StringComparison.OrdinalIgnoreCase);

        await daemon.PostOkAsync($"containers/{id}/start");
        await attach.WriteAsync("hello\n");
        attach.CloseWrite();
        var frames = await attach.ReadFramesAsync(TimeSpan.FromSeconds(20));
        Assert.Equal([(1, "got hello\n"), (2, "oops\n")], frames);
        using (var wait = await daemon.Client.PostAsync($"containers/{id}/wait", null))
            Assert.Equal(3, (await Daemon.JsonAsync(wait)).GetProperty("StatusCode").GetInt32());

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Attach_to_a_stdin_once_container_closes_its_stdin_when_the_client_half_closes()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var annotations = new Dictionary<string, string>(OpenStdin) { ["io.bock.stdin-once"] = "true" };
        using var bundle = new BusyboxBundle(annotations, "/bin/sh", "-c", "cat; echo cat ended");
        var id = await daemon.CreateFromAsync(bundle);

        using var attach = await RawHttp.UpgradeAsync(daemon.Options.SocketPath, $"/containers/{id}/attach?stream=1&stdin=1&stdout=1");
        Assert.Equal(101, attach.StatusCode);
        await daemon.PostOkAsync($"containers/{id}/start");
        await attach.WriteAsync("piped\n");
        attach.CloseWrite(); // as docker run -i does when its stdin ends
        var frames = await attach.ReadFramesAsync(TimeSpan.FromSeconds(20));
        Assert.All(frames, f => Assert.Equal(1, f.Stream));
        Assert.Equal("piped\ncat ended\n", string.Concat(frames.Select(f => f.Text))); // one read may carry both lines
        using (var wait = await daemon.Client.PostAsync($"containers/{id}/wait", null))
            Assert.Equal(0, (await Daemon.JsonAsync(wait)).GetProperty("StatusCode").GetInt32());

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task A_client_that_closes_its_attach_entirely_is_let_go_while_a_half_closed_one_is_kept()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var id = await ExecTests.RunningAsync(daemon); // silent: only a hang-up can end an attachment to it
        var socket = Path.Combine(DaemonHost.ShimsDirectory(daemon.Options), id, "attach.sock");
        const int baseline = 1; // the daemon's own connection: its wait for the exit, made just after the start
        await WaitForAsync(() => ShimConnections(socket) == baseline, "the daemon waits on the shim");

        var halfClosed = await RawHttp.UpgradeAsync(daemon.Options.SocketPath, $"/containers/{id}/attach?stream=1&stdout=1&stderr=1");
        var closed = await RawHttp.UpgradeAsync(daemon.Options.SocketPath, $"/containers/{id}/attach?stream=1&stdout=1&stderr=1");
        Assert.Equal((101, 101), (halfClosed.StatusCode, closed.StatusCode));
        await WaitForAsync(() => ShimConnections(socket) == baseline + 2, "both attachments reach the shim");
        halfClosed.CloseWrite();
        closed.Dispose();
        await WaitForAsync(() => ShimConnections(socket) == baseline + 1, "the closed client's attachment ends");
        await Task.Delay(1000);
        Assert.Equal(baseline + 1, ShimConnections(socket)); // the half-closed one stays for the output

        halfClosed.Dispose();
        await WaitForAsync(() => ShimConnections(socket) == baseline, "the other ends when its client closes too");
        await RemoveAndCheckAsync(daemon, id);
    }

    /// <summary>Connections the shim has accepted on its socket: /proc/net/unix lists them with the path, besides the listener.</summary>
    private static int ShimConnections(string socketPath) =>
        File.ReadLines("/proc/net/unix").Count(line => line.EndsWith(" " + socketPath, StringComparison.Ordinal)) - 1;

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out: {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Attach_without_an_upgrade_answers_200_with_the_output_as_body_and_refuses_an_exited_container()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "sleep 0.3; echo out; sleep 0.2; echo err >&2");
        var id = await daemon.CreateFromAsync(bundle);

        using var attach = await RawHttp.SendAsync(daemon.Options.SocketPath, "POST", $"/containers/{id}/attach?stream=1&stdout=1",
            new Dictionary<string, string> { ["Content-Length"] = "0" });
        Assert.Equal(200, attach.StatusCode);
        await daemon.PostOkAsync($"containers/{id}/start");
        var body = await ReadChunkedAsync(attach.Stream);
        Assert.Equal([(1, "out\n")], Frames.Parse(body));

        (await daemon.Client.PostAsync($"containers/{id}/wait", null)).Dispose();
        using (var late = await daemon.Client.PostAsync($"containers/{id}/attach?stream=1&stdout=1", null))
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        // logs=1 without stream: the output so far, whatever the state.
        using var replay = await RawHttp.UpgradeAsync(daemon.Options.SocketPath, $"/containers/{id}/attach?logs=1&stdout=1&stderr=1");
        Assert.Equal(101, replay.StatusCode);
        Assert.Equal([(1, "out\n"), (2, "err\n")], await replay.ReadFramesAsync(TimeSpan.FromSeconds(10)));

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Attach_without_an_upgrade_takes_stdin_from_the_request_body_even_after_a_long_idle_time()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle(OpenStdin, "/bin/sh", "-c", "read x; echo got $x");
        var id = await daemon.CreateFromAsync(bundle);
        await daemon.PostOkAsync($"containers/{id}/start");

        using var attach = await RawHttp.SendAsync(daemon.Options.SocketPath, "POST", $"/containers/{id}/attach?stream=1&stdin=1&stdout=1",
            new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" });
        Assert.Equal(200, attach.StatusCode);
        // Longer than Kestrel's grace period for its minimum request body data rate (5 s).
        await Task.Delay(TimeSpan.FromSeconds(6));
        await attach.WriteAsync("6\r\nhello\n\r\n0\r\n\r\n");
        Assert.Equal([(1, "got hello\n")], Frames.Parse(await ReadChunkedAsync(attach.Stream)));

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Docker_start_attach_from_the_real_docker_cli_prints_both_streams_and_exits_with_the_containers_code()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        Assert.True(File.Exists("/usr/local/bin/docker"), "the docker CLI (28.x) is missing from /usr/local/bin");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "echo out; echo err >&2; exit 5");
        var id = await daemon.CreateFromAsync(bundle);

        var docker = await Shell.RunAsync("/usr/bin/env",
            ["DOCKER_HOST=unix://" + daemon.Options.SocketPath, "DOCKER_CONFIG=" + daemon.Directory, "/usr/local/bin/docker", "start", "-a", id],
            TimeSpan.FromSeconds(60));
        Assert.True(docker.ExitCode == 5, docker.ToString());
        Assert.Equal("out\n", docker.Stdout);
        Assert.Equal("err\n", docker.Stderr);

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Docker_start_ai_pipes_stdin_into_a_stdin_once_container_which_ends_with_the_input()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        var annotations = new Dictionary<string, string>(OpenStdin) { ["io.bock.stdin-once"] = "true" };
        using var bundle = new BusyboxBundle(annotations, "/bin/sh", "-c", "tr a-z A-Z; exit 2");
        var id = await daemon.CreateFromAsync(bundle);

        var docker = await Shell.ShAsync(
            $"printf 'piped\\n' | DOCKER_HOST=unix://{daemon.Options.SocketPath} DOCKER_CONFIG={daemon.Directory} /usr/local/bin/docker start -ai {id}",
            TimeSpan.FromSeconds(60));
        Assert.True(docker.ExitCode == 2, docker.ToString());
        Assert.Equal("PIPED\n", docker.Stdout);

        await RemoveAndCheckAsync(daemon, id);
    }

    [Fact]
    public async Task Resize_of_a_container_without_a_terminal_is_refused_and_of_an_unknown_one_is_404()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        await using var daemon = await Daemon.StartRealAsync();
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "sleep 30");
        var id = await daemon.CreateFromAsync(bundle);
        using (var resize = await daemon.Client.PostAsync($"containers/{id}/resize?h=40&w=100", null))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, resize.StatusCode);
            Assert.Contains("no terminal", await resize.Content.ReadAsStringAsync());
        }
        using (var unknown = await daemon.Client.PostAsync("containers/nosuch/resize?h=40&w=100", null))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await RemoveAndCheckAsync(daemon, id);
    }

    internal static async Task<List<(int Stream, string Text)>> LogsAsync(Daemon daemon, string id, string query)
    {
        using var response = await daemon.Client.GetAsync($"v1.43/containers/{id}/logs?{query}");
        Assert.True(response.IsSuccessStatusCode, $"logs: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/vnd.docker.multiplexed-stream", response.Content.Headers.ContentType?.MediaType);
        return Frames.Parse(await response.Content.ReadAsByteArrayAsync());
    }

    internal static async Task RemoveAndCheckAsync(Daemon daemon, string id)
    {
        using (var delete = await daemon.Client.DeleteAsync($"containers/{id}?force=1"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(await ShimProcesses.RemainingAfterAsync(id, TimeSpan.FromSeconds(5)));
        Assert.False(Directory.Exists(Path.Combine(DaemonHost.ShimsDirectory(daemon.Options), id)), "the shim's directory was left behind");
        Assert.False(Directory.Exists(Path.Combine(daemon.Options.RunRoot, "oci", id)), "bock-oci state left behind");
        Assert.DoesNotContain(Directory.GetDirectories("/sys/fs/cgroup"), h => Directory.Exists(Path.Combine(h, "bock", id)));
    }

    /// <summary>A chunked response body to its end (Kestrel chunks a streamed body of unknown length).</summary>
    private static async Task<byte[]> ReadChunkedAsync(Stream stream)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream);
            var size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
            if (size == 0) return body.ToArray();
            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk);
            body.Write(chunk);
            await ReadLineAsync(stream);
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n')
            if (one[0] != '\r') line.Add(one[0]);
        return System.Text.Encoding.ASCII.GetString([.. line]);
    }
}
