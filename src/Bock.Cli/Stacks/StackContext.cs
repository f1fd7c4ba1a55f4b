using System.Text.Json;
using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.Commands;
using Bock.Cli.Daemon;

namespace Bock.Cli.Stacks;

/// <summary>
/// What every bockrose command works with: the CLI's context (daemon, streams, Ctrl-C) and the project the global
/// flags describe. The project's name is asked of bockd only when nothing local gives it, since only the loader
/// (in bockd) reads the file's <c>name:</c>.
/// </summary>
internal sealed class StackContext(CliContext cli, ComposeOptions options, StackRequest request)
{
    private string? _projectName;

    public CliContext Cli { get; } = cli;
    public ComposeOptions Options { get; } = options;
    public StackRequest Request { get; } = request;
    public DaemonClient Daemon => Cli.Daemon;
    public TextWriter Out => Cli.Out;
    public TextWriter Error => Cli.Error;
    public CancellationToken Cancellation => Cli.Cancellation;

    /// <summary>docker compose's order: -p, then COMPOSE_PROJECT_NAME, then the file's name:, then the directory's name.</summary>
    public async Task<string> ProjectNameAsync()
    {
        if (_projectName is not null) return _projectName;
        if (Request.ProjectName is { } named) return _projectName = named;
        if (Request.Environment.TryGetValue("COMPOSE_PROJECT_NAME", out var fromEnvironment) && fromEnvironment.Length > 0)
            return _projectName = ProjectNames.Normalize(fromEnvironment);
        var model = await ConfigJsonAsync();
        return _projectName = model.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } n
            ? n
            : ProjectNames.Normalize(Path.GetFileName(Request.WorkingDir.TrimEnd('/')));
    }

    /// <summary>The resolved model as JSON (POST /bock/stacks/config?format=json): names, services, images, builds.</summary>
    public async Task<JsonElement> ConfigJsonAsync()
    {
        using var response = await Daemon.SendAsync(HttpMethod.Post, "bock/stacks/config?format=json",
            new JsonBytesContent(DaemonClient.Serialize(Request, BockApiJsonContext.Default.StackRequest)), Cancellation);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(Cancellation), cancellationToken: Cancellation);
        return document.RootElement.Clone();
    }

    public async Task<string> ProjectPathAsync(string action) => $"bock/stacks/{Uri.EscapeDataString(await ProjectNameAsync())}/{action}";

    /// <summary>
    /// POSTs a JSON body to a stack endpoint that streams progress lines, and renders them. <paramref name="ct"/>
    /// replaces Ctrl-C's token for the work done after a Ctrl-C (up's stop).
    /// </summary>
    public async Task<int> StreamAsync<T>(string path, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string verb, CancellationToken? ct = null)
    {
        var token = ct ?? Cancellation;
        using var response = await Daemon.SendAsync(HttpMethod.Post, path, new JsonBytesContent(DaemonClient.Serialize(body, type)), token);
        var renderer = new StackProgressRenderer(Out, Cli.StdoutIsTerminal, verb);
        return await renderer.RenderAsync(await response.Content.ReadAsStreamAsync(token), Error, token);
    }
}
