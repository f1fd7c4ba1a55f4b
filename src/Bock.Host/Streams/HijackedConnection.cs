using Microsoft.AspNetCore.Http.Features;

namespace Bock.Host.Streams;

/// <summary>
/// Docker's "hijacked" connection for attach and exec start: the client asks for <c>Connection: Upgrade</c>,
/// <c>Upgrade: tcp</c> and gets <c>101</c>, after which the connection is a raw duplex byte stream (Kestrel's
/// <see cref="IHttpUpgradeFeature"/>). Without the upgrade request the answer is <c>200</c> with the output as the
/// response body and the request body as input, as dockerd does for old clients.
/// </summary>
public sealed class HijackedConnection : IAsyncDisposable
{
    public const string RawStream = "application/vnd.docker.raw-stream";
    public const string MultiplexedStream = "application/vnd.docker.multiplexed-stream";

    private readonly Stream? _upgraded;

    private HijackedConnection(Stream input, Stream output, Stream? upgraded, CancellationToken clientGone)
    {
        Input = input;
        Output = output;
        _upgraded = upgraded;
        ClientGone = clientGone;
    }

    /// <summary>
    /// Cancelled when the client has gone: the request's abort, and behind <see cref="ApiSocketRelay"/> its report of
    /// a closed connection (Kestrel does not abort an upgraded request when its connection closes).
    /// </summary>
    public CancellationToken ClientGone { get; }

    /// <summary>What the client sends (its stdin); reads return 0 when it closes its side.</summary>
    public Stream Input { get; }

    public Stream Output { get; }

    /// <summary>Whether the client asked for the upgrade and got 101 (else: a 200 response body).</summary>
    public bool IsUpgraded => _upgraded is not null;

    /// <summary>Docker's content type: multiplexed frames without a terminal (API 1.42 on), raw bytes with one.</summary>
    public static string ContentTypeFor(bool tty) => tty ? RawStream : MultiplexedStream;

    /// <summary>Sends the response head (101 or 200); from then on only stream bytes go to the client.</summary>
    public static async Task<HijackedConnection> AcceptAsync(HttpContext context, string contentType)
    {
        context.Response.ContentType = contentType;
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Response.Headers.Upgrade = "tcp";
            var stream = await upgrade.UpgradeAsync(); // writes 101 with Connection: Upgrade
            // Behind the relay the client's half-close reaches us through the registry, not as an EOF.
            var halfClose = context.Request.Headers[HalfCloseRegistry.Header] is [{ } id] && long.TryParse(id, out var relayId)
                ? context.RequestServices.GetService<HalfCloseRegistry>()?.Find(relayId)
                : null;
            var gone = halfClose is null
                ? context.RequestAborted
                : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, halfClose.Gone).Token;
            return new HijackedConnection(halfClose is null ? stream : new HalfClosableStream(stream, halfClose), stream, stream, gone);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        // The body is a container's stdin: it may stay idle for hours, which Kestrel's minimum data rate would abort.
        if (context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>() is { } rate)
            rate.MinDataRate = null;
        // No buffering and no waiting for the request body: output flows as it comes.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        return new HijackedConnection(context.Request.Body, context.Response.Body, null, context.RequestAborted);
    }

    public async Task WriteAsync(byte[] bytes, CancellationToken ct)
    {
        await Output.WriteAsync(bytes, ct);
        await Output.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_upgraded is not null) await _upgraded.DisposeAsync();
    }
}
