using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Containers;
using Bock.Host.Exec;
using Bock.Host.Streams;

namespace Bock.Host.Api;

/// <summary>
/// <c>docker exec</c>: POST /containers/{id}/exec creates an instance, POST /exec/{id}/start runs it (streamed over
/// a hijacked connection as attach is, or detached), GET /exec/{id}/json inspects it, POST /exec/{id}/resize sizes
/// its terminal.
/// </summary>
internal static class ExecEndpoints
{
    public static void MapExecEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/containers/{id}/exec", CreateAsync);
        app.MapPost("/exec/{id}/start", StartAsync);
        app.MapGet("/exec/{id}/json", (string id, ExecService execs) =>
            execs.Find(id) is { } exec
                ? TypedResults.Json(exec.Inspect(), BockApiJsonContext.Default.ExecInspectResponse)
                : NoSuchExec(id));
        app.MapPost("/exec/{id}/resize", (string id, int? h, int? w, ExecService execs) =>
        {
            if (execs.Find(id) is not { } exec) return NoSuchExec(id);
            if (h is not (> 0 and <= ushort.MaxValue) || w is not (> 0 and <= ushort.MaxValue))
                return ApiResults.BadRequest("h and w must be sizes of a terminal");
            return exec.Resize((ushort)h, (ushort)w) ? TypedResults.Ok() : ApiResults.Conflict($"exec {id} has no running terminal");
        });
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, string id, ContainerService containers, ExecService execs, CancellationToken ct)
    {
        ExecCreateRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, BockApiJsonContext.Default.ExecCreateRequest, ct);
        }
        catch (JsonException e)
        {
            return ApiResults.BadRequest($"invalid JSON: {e.Message}");
        }
        if (body?.Cmd is not { Count: > 0 })
            return ApiResults.BadRequest("No exec command specified");
        if (await containers.ResolveAsync(id, ct) is not { } container)
            return ApiResults.NoSuchContainer(id);
        if (NotRunning(container) is { } refusal)
            return refusal;
        execs.Prune([.. (await containers.ListAsync(ct)).Select(c => c.Id)]);
        var exec = execs.Create(container, body);
        return TypedResults.Json(new ExecCreateResponse(exec.Id), BockApiJsonContext.Default.ExecCreateResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task StartAsync(HttpContext context, string id, ContainerService containers, ExecService execs)
    {
        var ct = context.RequestAborted;
        if (execs.Find(id) is not { } exec)
        {
            await NoSuchExec(id).ExecuteAsync(context);
            return;
        }
        ExecStartRequest start;
        try
        {
            start = await ReadStartRequestAsync(context, ct);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            await ApiResults.BadRequest($"invalid JSON: {e.Message}").ExecuteAsync(context);
            return;
        }
        if (await containers.ResolveAsync(exec.ContainerId, ct) is not { } container)
        {
            await ApiResults.NoSuchContainer(exec.ContainerId).ExecuteAsync(context);
            return;
        }
        if (NotRunning(container) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        if (!exec.TryStart())
        {
            await ApiResults.Conflict($"Exec {id} has already been started").ExecuteAsync(context);
            return;
        }
        var tty = exec.Config.Tty || start.Tty;
        ExecSession session;
        try
        {
            session = await execs.StartAsync(exec, container, tty, start.ConsoleSize ?? exec.Config.ConsoleSize, ct);
        }
        catch (ContainerRuntimeException e)
        {
            exec.Exited(126);
            await ApiResults.ServerError(e.Message).ExecuteAsync(context);
            return;
        }
        if (start.Detach)
        {
            // The answer goes now; the process's output is drained (nobody reads it) until it ends.
            _ = RunDetachedAsync(exec, session);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        using (session)
        {
            await using var connection = await HijackedConnection.AcceptAsync(context, HijackedConnection.ContentTypeFor(tty));
            exec.Exited(await BridgeAsync(exec, session, connection, connection.ClientGone));
        }
    }

    private static async Task RunDetachedAsync(ExecInstance exec, ExecSession session)
    {
        using var _ = session;
        if (!session.IsTerminal) session.Input.Dispose();
        var drains = new List<Task> { session.Output.CopyToAsync(Stream.Null) };
        if (session.Errors is { } errors) drains.Add(errors.CopyToAsync(Stream.Null));
        try
        {
            await Task.WhenAll(drains);
        }
        catch (IOException)
        {
            // A pty reports EIO once the process has closed it.
        }
        exec.Exited(await session.WaitAsync());
    }

    /// <summary>
    /// Output to the client (frames per stream without a terminal, raw with one) until the process's output ends,
    /// the client's input to the process when it asked for stdin; then the exit code. A client that goes away stops
    /// getting output, but the output is still read so that the process is not blocked on a full pipe.
    /// </summary>
    private static async Task<int> BridgeAsync(ExecInstance exec, ExecSession session, HijackedConnection connection, CancellationToken ct)
    {
        using var inputCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writeLock = new SemaphoreSlim(1, 1);
        var clientGone = false;
        async Task SendAsync(byte[] bytes)
        {
            if (clientGone) return;
            await writeLock.WaitAsync(CancellationToken.None);
            try
            {
                await connection.WriteAsync(bytes, ct);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                clientGone = true;
            }
            finally
            {
                writeLock.Release();
            }
        }
        async Task PumpAsync(Stream from, StdStream stream, bool wanted)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int n;
                while ((n = await from.ReadAsync(buffer, CancellationToken.None)) > 0)
                    if (wanted)
                        await SendAsync(session.IsTerminal ? buffer[..n] : StdFrame.Encode(stream, buffer.AsSpan(0, n)));
            }
            catch (IOException)
            {
                // EIO from a pty master once the process has exited: the end of its output.
            }
        }
        var config = exec.Config;
        Task input;
        if (config.AttachStdin)
        {
            input = CopyInputAsync(connection.Input, session.Input, closeAtEnd: !session.IsTerminal, inputCts.Token);
        }
        else
        {
            if (!session.IsTerminal) session.Input.Dispose();
            input = Task.CompletedTask;
        }
        var outputs = new List<Task> { PumpAsync(session.Output, StdStream.Stdout, config.AttachStdout || session.IsTerminal && config.AttachStderr) };
        if (session.Errors is { } errors) outputs.Add(PumpAsync(errors, StdStream.Stderr, config.AttachStderr));
        await Task.WhenAll(outputs);
        var exitCode = await session.WaitAsync();
        await inputCts.CancelAsync();
        try { await input; }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        return exitCode;
    }

    private static async Task CopyInputAsync(Stream from, Stream to, bool closeAtEnd, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
            await to.FlushAsync(ct);
        }
        if (closeAtEnd) await to.DisposeAsync(); // the process sees EOF on its stdin
    }

    /// <summary>
    /// The start options: from the body, or for a hijack from the header <see cref="ApiSocketRelay"/> moved the body
    /// into (Kestrel refuses an upgrade request with a body). An empty body means the defaults.
    /// </summary>
    private static async Task<ExecStartRequest> ReadStartRequestAsync(HttpContext context, CancellationToken ct)
    {
        byte[] json;
        if (context.Request.Headers[ApiSocketRelay.HijackBodyHeader] is [{ } encoded])
        {
            json = Convert.FromBase64String(encoded);
        }
        else
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, ct);
            json = body.ToArray();
        }
        return json.Length == 0 ? new ExecStartRequest() : JsonSerializer.Deserialize(json, BockApiJsonContext.Default.ExecStartRequest) ?? new ExecStartRequest();
    }

    private static IResult? NotRunning(ContainerRecord container) => container.State switch
    {
        "running" => null,
        "paused" => ApiResults.Conflict($"Container {container.Id} is paused, unpause the container before exec"),
        _ => ApiResults.Conflict($"Container {container.Id} is not running"),
    };

    private static IResult NoSuchExec(string id) => ApiResults.Error(StatusCodes.Status404NotFound, $"No such exec instance: {id}");
}
