using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bock.Api;

namespace Bock.Cli.Daemon;

/// <summary>
/// HTTP/1.1 to bockd over its unix socket. A non-2xx answer throws <see cref="DaemonException"/> with the daemon's
/// message; no answer at all throws <see cref="DaemonUnreachableException"/>. Streams (attach, exec) go through
/// <see cref="HijackAsync"/>, which upgrades the connection to a raw byte stream as Docker's clients do.
/// </summary>
internal sealed class DaemonClient : IDisposable
{
    private readonly HttpClient _http;

    public DaemonClient(DaemonEndpoint endpoint)
    {
        Endpoint = endpoint;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) => new NetworkStream(await ConnectAsync(ct), ownsSocket: true),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = new Uri("http://bock/"),
            Timeout = Timeout.InfiniteTimeSpan, // logs -f, events, wait: the user's Ctrl-C ends them
        };
    }

    public DaemonEndpoint Endpoint { get; }

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        return (await response.Content.ReadFromJsonAsync(type, ct))!;
    }

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return document.RootElement.Clone();
    }

    /// <summary>A POST without a body whose answer is JSON (wait, exec create, prune).</summary>
    public async Task<JsonElement> GetJsonViaPostAsync(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, ct);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return document.RootElement.Clone();
    }

    public async Task<TResult> PostAsync<TBody, TResult>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, path, JsonContent.Create(body, bodyType), ct);
        return (await response.Content.ReadFromJsonAsync(resultType, ct))!;
    }

    /// <summary>A request whose answer is a status only (start, stop, kill, tag, rm…).</summary>
    public async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(method, path, null, ct);
        return response.StatusCode;
    }

    /// <summary>The response with its headers read and its body still to stream; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException or IOException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw Unreachable(e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw new DaemonException((int)response.StatusCode, await ErrorMessageAsync(response, ct));
    }

    public async Task<HttpResponseMessage> SendStreamAsync(HttpMethod method, string path, Stream body, string contentType, CancellationToken ct = default)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await SendAsync(method, path, content, ct);
    }

    /// <summary>
    /// POSTs with <c>Connection: Upgrade, Upgrade: tcp</c> and returns the raw connection once bockd answers 101 (or
    /// 200 without chunking): the caller writes stdin to it and reads the container's output from it.
    /// </summary>
    public async Task<HijackedStream> HijackAsync(string path, byte[]? jsonBody = null, CancellationToken ct = default)
    {
        var socket = await ConnectAsync(ct);
        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var body = jsonBody ?? [];
            var head = $"POST /{path.TrimStart('/')} HTTP/1.1\r\nHost: bock\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n" +
                       $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
            await stream.WriteAsync(body, ct);
            return await HijackedStream.ReadResponseAsync(stream, socket, ct);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Endpoint.SocketPath), ct);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Unreachable(e);
        }
    }

    private DaemonUnreachableException Unreachable(Exception cause) =>
        new($"Cannot connect to the Bock daemon at {Endpoint}. Is bockd running? ({cause.Message})", cause);

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } m) return m;
        }
        catch (JsonException)
        {
        }
        return text.Length > 0 ? text.Trim() : $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }

    /// <summary>The JSON of an API body, for hijacked requests (which bypass HttpClient).</summary>
    public static byte[] Serialize<T>(T body, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(body, type);

    public static JsonTypeInfo<T> Type<T>() => (JsonTypeInfo<T>)BockApiJsonContext.Default.GetTypeInfo(typeof(T))!;
}
