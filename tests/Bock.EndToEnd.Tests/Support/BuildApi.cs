using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Bock.EndToEnd.Tests.Support;

/// <summary>
/// <c>POST /build</c> on a test daemon: a context directory is sent as a tar (made by /bin/tar, as a client would),
/// and the JSON lines of the answer are parsed.
/// </summary>
public static class BuildApi
{
    public static async Task<BuildResult> BuildAsync(BockDaemon daemon, string contextDirectory, string query, IDictionary<string, string>? headers = null)
    {
        var tar = Path.Combine(daemon.Directory, "context-" + Guid.NewGuid().ToString("N")[..8] + ".tar");
        var made = await Shell.RunAsync("/bin/tar", ["-C", contextDirectory, "-cf", tar, "."]);
        Assert.True(made.ExitCode == 0, made.ToString());
        try
        {
            using var client = Client(daemon.Socket);
            using var content = new StreamContent(File.OpenRead(tar));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://bock/build?" + query) { Content = content };
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new BuildResult((int)response.StatusCode, body, watch.Elapsed);
        }
        finally
        {
            File.Delete(tar);
        }
    }

    /// <summary>Starts a build and drops the connection once <paramref name="until"/> shows in the answer.</summary>
    public static async Task<string> AbandonAsync(BockDaemon daemon, string contextDirectory, string query, string until)
    {
        var tar = Path.Combine(daemon.Directory, "context-" + Guid.NewGuid().ToString("N")[..8] + ".tar");
        var made = await Shell.RunAsync("/bin/tar", ["-C", contextDirectory, "-cf", tar, "."]);
        Assert.True(made.ExitCode == 0, made.ToString());
        try
        {
            using var client = Client(daemon.Socket);
            using var content = new StreamContent(File.OpenRead(tar));
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://bock/build?" + query) { Content = content };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var seen = new System.Text.StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains(until, StringComparison.Ordinal)) return seen.ToString();
            }
            throw new InvalidOperationException("the build ended before showing " + until + ":\n" + seen);
        }
        finally
        {
            File.Delete(tar);
        }
    }

    private static HttpClient Client(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = TimeSpan.FromMinutes(5) };
}

/// <summary>The answer of one build: its lines, the image id (aux.ID), the error line, the steps' states.</summary>
public sealed record BuildResult(int StatusCode, string Body, TimeSpan Elapsed)
{
    // Blank keep-alive lines (the daemon's, each second a step is silent) are whitespace, not JSON.
    public IReadOnlyList<JsonElement> Lines => [.. Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    public string? ImageId => Lines.Where(l => l.TryGetProperty("aux", out var aux) && aux.TryGetProperty("ID", out _))
        .Select(l => l.GetProperty("aux").GetProperty("ID").GetString()).LastOrDefault();

    public string? Error => Lines.LastOrDefault() is { ValueKind: JsonValueKind.Object } last && last.TryGetProperty("error", out var e) ? e.GetString() : null;

    public int? ErrorCode => Lines.LastOrDefault() is { ValueKind: JsonValueKind.Object } last && last.TryGetProperty("errorDetail", out var d) ? d.GetProperty("code").GetInt32() : null;

    public string Text => string.Concat(Lines.Where(l => l.TryGetProperty("stream", out _)).Select(l => l.GetProperty("stream").GetString()));

    /// <summary>The final status of each step that makes a layer (RUN, COPY, ADD), in order: cached, done or error.</summary>
    public IReadOnlyList<(string Name, string Status)> LayerSteps => [.. Lines
        .Where(l => l.TryGetProperty("id", out var id) && id.GetString() == "bock.step")
        .Select(l => l.GetProperty("aux"))
        .Where(a => a.GetProperty("Status").GetString() != "started")
        .Select(a => (a.GetProperty("Name").GetString()!, a.GetProperty("Status").GetString()!))
        .Where(s => s.Item1.StartsWith("RUN", StringComparison.Ordinal) || s.Item1.StartsWith("COPY", StringComparison.Ordinal) || s.Item1.StartsWith("ADD", StringComparison.Ordinal))];

    public override string ToString() => $"HTTP {StatusCode}\n{Body}";
}
