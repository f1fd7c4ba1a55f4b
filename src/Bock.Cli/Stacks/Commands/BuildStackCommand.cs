using System.Formats.Tar;
using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;
using Bock.Cli.Output;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>build</c>: the Docker API's POST /build for each service with a <c>build:</c> section, its context sent as a
/// tar, the image tagged as the service's <c>image:</c> (or project-service). A daemon without a builder answers 404:
/// that is said plainly rather than as a missing route.
/// </summary>
internal sealed class BuildStackCommand : IStackCommand
{
    public string Name => "build";
    public string Arguments => "[SERVICE...]";
    public string Summary => "Build or rebuild services";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .List("build-arg", null, "Set build-time variables for services", "stringArray")
        .Bool("no-cache", null, "Do not use cache when building the image")
        .Bool("pull", null, "Always attempt to pull a newer version of the image")
        .Bool("quiet", 'q', "Don't print anything to STDOUT");

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var project = await context.ProjectNameAsync();
        var services = ServiceModel.From(await context.ConfigJsonAsync(), flags.Positional).Where(s => s.Build is not null).ToList();
        foreach (var service in services)
        {
            var query = Query(service, project, flags);
            var build = service.Build!.Value;
            var directory = build.TryGetProperty("context", out var c) && c.GetString() is { Length: > 0 } dir
                ? Path.GetFullPath(dir, context.Request.WorkingDir)
                : context.Request.WorkingDir;
            using var tar = new MemoryStream();
            await TarFile.CreateFromDirectoryAsync(directory, tar, includeBaseDirectory: false, context.Cancellation);
            tar.Position = 0;
            HttpResponseMessage response;
            try
            {
                response = await context.Daemon.SendStreamAsync(HttpMethod.Post, query, tar, "application/x-tar", context.Cancellation);
            }
            catch (DaemonException e) when (e.Status == 404 && !e.Message.Contains("image", StringComparison.OrdinalIgnoreCase))
            {
                await context.Error.WriteLineAsync($"service \"{service.Name}\": this bockd does not build images (POST /build: {e.Message})");
                return 1;
            }
            using (response)
            {
                var renderer = new JsonMessageRenderer(flags.Bool("quiet") ? TextWriter.Null : context.Out, context.Cli.StdoutIsTerminal);
                await renderer.RenderAsync(await response.Content.ReadAsStreamAsync(context.Cancellation), context.Cancellation);
            }
        }
        return 0;
    }

    internal static string Query(ServiceModel service, string project, ParsedFlags flags)
    {
        var build = service.Build!.Value;
        var query = new List<string> { "t=" + Uri.EscapeDataString(service.ImageName(project)) };
        if (build.TryGetProperty("dockerfile", out var dockerfile) && dockerfile.GetString() is { Length: > 0 } file)
            query.Add("dockerfile=" + Uri.EscapeDataString(file));
        if (build.TryGetProperty("target", out var target) && target.GetString() is { Length: > 0 } stage)
            query.Add("target=" + Uri.EscapeDataString(stage));
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        if (build.TryGetProperty("args", out var declared) && declared.ValueKind == JsonValueKind.Object)
            foreach (var arg in declared.EnumerateObject()) args[arg.Name] = arg.Value.ValueKind == JsonValueKind.String ? arg.Value.GetString()! : arg.Value.GetRawText();
        foreach (var pair in flags.List("build-arg"))
            args[pair.Split('=', 2)[0]] = pair.Contains('=') ? pair.Split('=', 2)[1] : Environment.GetEnvironmentVariable(pair) ?? "";
        if (args.Count > 0)
            query.Add("buildargs=" + Uri.EscapeDataString(JsonSerializer.Serialize(args, CliJsonContext.Default.DictionaryStringString).ReplaceLineEndings("")));
        if (flags.Bool("no-cache")) query.Add("nocache=1");
        if (flags.Bool("pull")) query.Add("pull=1");
        return "build?" + string.Join('&', query);
    }
}
