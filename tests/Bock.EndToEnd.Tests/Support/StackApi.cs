using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bock.EndToEnd.Tests.Support;

/// <summary>
/// The /bock/stacks API of a test daemon, spoken as raw JSON over its socket: the wire format is what is under test
/// (the bockrose CLI is a thin client of it).
/// </summary>
public sealed class StackApi(BockDaemon daemon) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.Socket), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://bockd"), Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>The StackRequest for a directory's compose.yaml under <paramref name="project"/>.</summary>
    public static JsonObject Project(string workingDir, string project) => new()
    {
        ["WorkingDir"] = workingDir,
        ["Files"] = new JsonArray(),
        ["ProjectName"] = project,
        ["EnvFiles"] = new JsonArray(),
        ["Profiles"] = new JsonArray(),
        ["Environment"] = new JsonObject { ["PATH"] = "/usr/bin:/bin" },
    };

    public sealed record Answer(int Status, string Body, IReadOnlyList<JsonObject> Lines)
    {
        public string? Error => Lines.LastOrDefault()?["error"]?.GetValue<string>();

        public IEnumerable<(string Resource, string Name, string Status)> Steps =>
            Lines.Where(l => l["aux"] is not null).Select(l => (l["aux"]!["Resource"]!.GetValue<string>(), l["aux"]!["Name"]!.GetValue<string>(), l["aux"]!["Status"]!.GetValue<string>()));

        public override string ToString() => $"{Status}: {Body}";
    }

    public Task<Answer> UpAsync(JsonObject project, bool wait = true, JsonObject? scale = null) =>
        PostAsync("/bock/stacks/up", new JsonObject { ["Project"] = project, ["Wait"] = wait, ["Scale"] = scale ?? new JsonObject() });

    public Task<Answer> DownAsync(string project, bool volumes = true) =>
        PostAsync($"/bock/stacks/{project}/down", new JsonObject { ["Volumes"] = volumes });

    public Task<Answer> ScaleAsync(string project, string service, int replicas) =>
        PostAsync($"/bock/stacks/{project}/scale", new JsonObject { [service] = replicas });

    public async Task<JsonObject> DetailAsync(string project)
    {
        var response = await _http.GetAsync($"/bock/stacks/{project}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonObject> ServiceAsync(string project, string service) =>
        (await DetailAsync(project))["Services"]!.AsArray().Single(s => s!["Name"]!.GetValue<string>() == service)!.AsObject();

    public async Task<Answer> PostAsync(string path, JsonNode body)
    {
        using var response = await _http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var lines = response.Content.Headers.ContentType?.MediaType == "application/json" && (int)response.StatusCode == 200
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList()
            : [];
        return new Answer((int)response.StatusCode, text, lines);
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
