using System.Text.Json;
using System.Threading.Channels;
using Bock.Host.Api;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bock.Host.Stacks;

/// <summary>
/// A stack operation as an HTTP answer: JSON lines <c>{"id":"bock.stack","aux":…}</c>, the last one the error if it
/// failed. The status line waits for the first step: an operation that fails before it has done anything is a 400
/// (404 for an unknown stack) with Docker's error body, so nothing half-created is ever reported as a stream.
/// </summary>
internal static class StackStreams
{
    public static async Task RunAsync(HttpContext context, Func<Action<StackProgress>, Task<object>> operation)
    {
        var ct = context.RequestAborted;
        var lines = Channel.CreateUnbounded<StackProgress>(new UnboundedChannelOptions { SingleReader = true });
        var work = operation(p => lines.Writer.TryWrite(p));
        _ = work.ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);
        var started = false;
        await foreach (var progress in lines.Reader.ReadAllAsync(ct))
        {
            if (!started)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(ct);
                started = true;
            }
            await WriteAsync(context, new StackProgressLine { Id = "bock.stack", Aux = progress }, ct);
        }
        object result;
        try
        {
            result = await work;
        }
        catch (Exception e)
        {
            result = new OperationDone(e.Message);
        }
        var error = result switch
        {
            OperationDone { Error: { } message } => message,
            Akka.Actor.Status.Failure failure => failure.Cause.Message,
            _ => null,
        };
        if (!started)
        {
            await (error is null ? Results.Ok() :
                ApiResults.Error(result is OperationDone { NotFound: true } ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, error))
                .ExecuteAsync(context);
            return;
        }
        if (error is not null)
            await WriteAsync(context, new StackProgressLine { Error = error, ErrorDetail = new ErrorDetailDto { Message = error } }, ct);
    }

    private static async Task WriteAsync(HttpContext context, StackProgressLine line, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(context.Response.Body, line, BockApiJsonContext.Default.StackProgressLine, ct);
        await context.Response.Body.WriteAsync("\r\n"u8.ToArray(), ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
