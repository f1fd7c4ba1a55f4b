using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Bock.Actors.Kernel;
using Bock.Host.Containers;
using Bock.Host.Streams;

namespace Bock.Host.Api;

/// <summary>
/// The container endpoints that stream or reach into a running container: logs, attach, resize, pause, unpause
/// (exec, top and stats live in their own files).
/// </summary>
internal static class ContainerStreamEndpoints
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(100);

    public static void MapContainerStreamEndpoints(this IEndpointRouteBuilder app)
    {
        var containers = app.MapGroup("/containers");
        containers.MapGet("/{id}/logs", LogsAsync);
        containers.MapPost("/{id}/attach", AttachAsync);
        containers.MapPost("/{id}/resize", ResizeAsync);
        containers.MapPost("/{id}/pause", (string id, ContainerService service, CancellationToken ct) => service.PauseAsync(id, ct));
        containers.MapPost("/{id}/unpause", (string id, ContainerService service, CancellationToken ct) => service.UnpauseAsync(id, ct));
        containers.MapGet("/{id}/top", TopAsync);
        containers.MapGet("/{id}/stats", StatsAsync);
    }

    private static async Task<IResult> TopAsync(string id, string? ps_args, ContainerService service, CancellationToken ct)
    {
        if (await service.ResolveAsync(id, ct) is not { } container)
            return ApiResults.NoSuchContainer(id);
        var cgroup = ContainerMetrics.CgroupOf(container);
        IReadOnlyList<int> pids;
        try
        {
            pids = container.State is "running" or "paused" && cgroup.Exists ? cgroup.Processes() : [];
        }
        catch (Exception e) when (e is IOException or Bock.Kernel.Cgroups.CgroupException)
        {
            pids = [];
        }
        if (pids.Count == 0)
            return ApiResults.Conflict($"Container {container.Id} is not running");
        try
        {
            return TypedResults.Json(await ContainerMetrics.TopAsync(pids, ps_args, ct), BockApiJsonContext.Default.ContainerTopResponse);
        }
        catch (InvalidOperationException e)
        {
            return ApiResults.ServerError(e.Message);
        }
    }

    /// <summary>
    /// One sample (<c>stream=false</c>; two reads 200 ms apart so that the CPU figures have a previous one to differ
    /// from, unless <c>one-shot</c>) or a sample a second for as long as the container runs and the client listens.
    /// </summary>
    private static async Task StatsAsync(HttpContext context, string id, ContainerService service)
    {
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        if (await service.ResolveAsync(id, ct) is not { } container)
        {
            await ApiResults.NoSuchContainer(id).ExecuteAsync(context);
            return;
        }
        var stream = !query.ContainsKey("stream") || IsTrue(query["stream"]);
        var cgroup = ContainerMetrics.CgroupOf(container);
        context.Response.ContentType = "application/json";
        CpuStatsDto? previous = null;
        DateTimeOffset? previousAt = null;
        if (!stream && !IsTrue(query["one-shot"]))
        {
            previous = ContainerMetrics.Cpu(ContainerMetrics.Read(cgroup));
            previousAt = DateTimeOffset.UtcNow;
            await Task.Delay(200, ct);
        }
        try
        {
            while (true)
            {
                var sample = ContainerMetrics.Sample(container, ContainerMetrics.Read(cgroup), previous, previousAt);
                await System.Text.Json.JsonSerializer.SerializeAsync(context.Response.Body, sample, BockApiJsonContext.Default.ContainerStatsResponse, ct);
                await context.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                await context.Response.Body.FlushAsync(ct);
                if (!stream) return;
                (previous, previousAt) = (sample.CpuStats, DateTimeOffset.UtcNow);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                if (await service.ResolveAsync(container.Id, ct) is not { State: "running" or "paused" or "restarting" })
                    return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client stopped listening.
        }
    }

    /// <summary>
    /// The json-file log as Docker serves it: multiplexed frames without a terminal, raw text with one. With
    /// <c>follow</c> it goes on until the container is no longer running (its last output is logged before its exit
    /// is reported, so nothing is lost at the end).
    /// </summary>
    private static async Task LogsAsync(HttpContext context, string id, ContainerService service)
    {
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        var (stdout, stderr) = (IsTrue(query["stdout"]), IsTrue(query["stderr"]));
        if (!stdout && !stderr)
        {
            await ApiResults.BadRequest("Bad parameters: you must choose at least one stream").ExecuteAsync(context);
            return;
        }
        if (!TryParseTail(query["tail"], out var tail) || !TryParseTime(query["since"], out var since) || !TryParseTime(query["until"], out var until))
        {
            await ApiResults.BadRequest("invalid tail, since or until").ExecuteAsync(context);
            return;
        }
        if (await service.ResolveAsync(id, ct) is not { } container)
        {
            await ApiResults.NoSuchContainer(id).ExecuteAsync(context);
            return;
        }
        var tty = ContainerService.HasTerminal(container);
        var timestamps = IsTrue(query["timestamps"]);
        bool Wanted(LogLine line) =>
            (line.Stream == StdStream.Stdout ? stdout : stderr) && (since is not { } s || line.Time >= s) && (until is not { } u || line.Time <= u);

        context.Response.ContentType = HijackedConnection.ContentTypeFor(tty);
        await context.Response.StartAsync(ct);
        var reader = new JsonFileLogReader(ContainerService.LogPath(container));
        var first = reader.ReadNew().Where(Wanted).ToList();
        try
        {
            await WriteLinesAsync(context.Response.Body, tail is { } n ? first.TakeLast(n) : first, tty, timestamps, ct);
            if (!IsTrue(query["follow"])) return;
            while (!ct.IsCancellationRequested)
            {
                // State first, then the file: output logged before the exit is read in this round at the latest.
                var live = await service.ResolveAsync(container.Id, ct) is { State: "running" or "paused" or "restarting" };
                var lines = reader.ReadNew();
                await WriteLinesAsync(context.Response.Body, lines.Where(Wanted), tty, timestamps, ct);
                if (!live || until is { } u && DateTimeOffset.UtcNow > u) return;
                await Task.Delay(FollowPoll, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteLinesAsync(Stream body, IEnumerable<LogLine> lines, bool tty, bool timestamps, CancellationToken ct)
    {
        var any = false;
        foreach (var line in lines)
        {
            var text = timestamps ? DockerTime.Format(line.Time) + " " + line.Text : line.Text;
            var bytes = Encoding.UTF8.GetBytes(text);
            await body.WriteAsync(tty ? bytes : StdFrame.Encode(line.Stream, bytes), ct);
            any = true;
        }
        if (any) await body.FlushAsync(ct);
    }

    /// <summary>
    /// Bridges the client to the container's shim: output from the shim (frames, or raw with a terminal), stdin to it.
    /// A created container can be attached to before it starts (docker run and docker start -a do so): its shim
    /// exists from create on. The connection ends when the container's output does (it exited).
    /// </summary>
    private static async Task AttachAsync(HttpContext context, string id, ContainerService service)
    {
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        if (await service.ResolveAsync(id, ct) is not { } container)
        {
            await ApiResults.NoSuchContainer(id).ExecuteAsync(context);
            return;
        }
        var (stdin, stdout, stderr) = (IsTrue(query["stdin"]), IsTrue(query["stdout"]), IsTrue(query["stderr"]));
        var flags = ContainerService.IoFlagsOf(container);
        var tty = flags.Tty;
        if (!IsTrue(query["stream"]))
        {
            // logs=1 without stream: what the container has written so far, then the end (any state).
            await using var past = await HijackedConnection.AcceptAsync(context, HijackedConnection.ContentTypeFor(tty));
            if (IsTrue(query["logs"]))
                await WriteLinesAsync(past.Output, PastOutput(container, stdout, stderr), tty, timestamps: false, ct);
            return;
        }
        Socket shim;
        try
        {
            shim = await ShimClient.AttachAsync(service.ShimPathsOf(container).Socket, ct, stdinOnce: stdin && flags.StdinOnce);
        }
        catch (SocketException)
        {
            await ApiResults.Conflict("You cannot attach to a stopped container, start it first").ExecuteAsync(context);
            return;
        }
        catch (ContainerRuntimeException e)
        {
            await ApiResults.ServerError(e.Message).ExecuteAsync(context);
            return;
        }
        using (shim)
        {
            await using var connection = await HijackedConnection.AcceptAsync(context, HijackedConnection.ContentTypeFor(tty));
            try
            {
                // Connected to the shim first, so that nothing falls between the log and the live output (a line
                // written meanwhile may come twice).
                if (IsTrue(query["logs"]))
                    await WriteLinesAsync(connection.Output, PastOutput(container, stdout, stderr), tty, timestamps: false, ct);
                // Until the client is gone (not merely half-closed: its stdin ended but it still reads).
                await BridgeAsync(connection, shim, stdin, tty || stdout && stderr ? null : stdout ? StdStream.Stdout : StdStream.Stderr,
                    connection.ClientGone);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client or the shim went away: either ends the attachment.
            }
        }
    }

    private static IEnumerable<LogLine> PastOutput(ContainerRecord container, bool stdout, bool stderr) =>
        new JsonFileLogReader(ContainerService.LogPath(container)).ReadNew().Where(l => l.Stream == StdStream.Stdout ? stdout : stderr);

    /// <summary>
    /// Copies the shim's output to the client until the shim ends it, and (with <paramref name="stdin"/>) the client's
    /// input to the shim; the client's EOF half-closes the shim connection, which ends this client's input only.
    /// </summary>
    /// <param name="only">Null: pass everything through; else demultiplex and keep this stream's frames.</param>
    internal static async Task BridgeAsync(HijackedConnection connection, Socket shim, bool stdin, StdStream? only, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var shimStream = new NetworkStream(shim, ownsSocket: false);
        var input = stdin ? PumpInputAsync(connection.Input, shim, cts.Token) : Task.CompletedTask;
        if (!stdin) shim.Shutdown(SocketShutdown.Send);
        try
        {
            if (only is { } wanted)
            {
                while (await StdFrame.ReadAsync(shimStream, cts.Token) is { } frame)
                    if (frame.Stream == wanted)
                        await connection.WriteAsync(StdFrame.Encode(frame.Stream, frame.Payload), cts.Token);
            }
            else
            {
                var buffer = new byte[16 * 1024];
                int n;
                while ((n = await shimStream.ReadAsync(buffer, cts.Token)) > 0)
                {
                    await connection.Output.WriteAsync(buffer.AsMemory(0, n), cts.Token);
                    await connection.Output.FlushAsync(cts.Token);
                }
            }
        }
        finally
        {
            await cts.CancelAsync();
            try { await input; }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    private static async Task PumpInputAsync(Stream input, Socket shim, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await input.ReadAsync(buffer, ct)) > 0)
            await shim.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
        shim.Shutdown(SocketShutdown.Send);
    }

    private static async Task<IResult> ResizeAsync(string id, int? h, int? w, ContainerService service, CancellationToken ct)
    {
        if (h is not (>= 0 and <= ushort.MaxValue) || w is not (>= 0 and <= ushort.MaxValue))
            return ApiResults.BadRequest("h and w must be sizes of a terminal");
        if (await service.ResolveAsync(id, ct) is not { } container)
            return ApiResults.NoSuchContainer(id);
        try
        {
            await ShimClient.RequestAsync(service.ShimPathsOf(container).Socket, $"resize {h} {w}", ct);
            return TypedResults.Ok();
        }
        catch (SocketException)
        {
            return ApiResults.Conflict($"Container {container.Id} is not running");
        }
        catch (ContainerRuntimeException e)
        {
            return ApiResults.ServerError(e.Message);
        }
    }

    /// <summary>Docker's query booleans: 1, true, True.</summary>
    internal static bool IsTrue(string? value) => value is "1" || bool.TryParse(value, out var b) && b;

    /// <summary>"all", empty or a count of lines.</summary>
    private static bool TryParseTail(string? value, out int? tail)
    {
        tail = null;
        if (string.IsNullOrEmpty(value) || value == "all") return true;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        tail = n;
        return true;
    }

    /// <summary>Unix seconds with an optional fraction (<c>1700000000.123456789</c>), as docker's CLI sends; 0 or empty is none.</summary>
    private static bool TryParseTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(value)) return true;
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (seconds != 0) time = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }
}
