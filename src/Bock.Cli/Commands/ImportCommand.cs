using System.Text.Json;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class ImportCommand(string name = "import") : ICommand
{
    public string Name => name;
    public string Arguments => "file|URL|- [REPOSITORY[:TAG]]";
    public string Summary => "Import the contents from a tarball to create a filesystem image";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .List("change", 'c', "Apply Dockerfile instruction to the created image")
        .Value("message", 'm', "Set commit message for imported image")
        .Value("platform", null, "Set platform if server is multi-platform capable");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var args = flags.Arguments(1, 2);
        var source = args[0];
        var query = new List<string> { "fromSrc=-" };
        if (args.Count == 2)
        {
            var target = args[1];
            var lastColon = target.LastIndexOf(':');
            var (repo, tag) = lastColon > target.LastIndexOf('/') ? (target[..lastColon], target[(lastColon + 1)..]) : (target, "latest");
            query.Add("repo=" + Uri.EscapeDataString(repo));
            query.Add("tag=" + Uri.EscapeDataString(tag));
        }
        query.AddRange(flags.List("change").Select(c => "changes=" + Uri.EscapeDataString(c)));
        if (flags.Value("message") is { } message) query.Add("message=" + Uri.EscapeDataString(message));
        if (flags.Value("platform") is { } platform) query.Add("platform=" + Uri.EscapeDataString(platform));
        if (source != "-" && !File.Exists(source)) throw new UsageException($"open {source}: no such file or directory");
        await using var input = source == "-" ? Console.OpenStandardInput() : File.OpenRead(source);
        using var response = await context.Daemon.SendStreamAsync(HttpMethod.Post, "images/create?" + string.Join('&', query), input, "application/x-tar", context.Cancellation);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(context.Cancellation));
        // The answer is a JSON message stream whose last status is the new image's id.
        string? id = null;
        while (await reader.ReadLineAsync(context.Cancellation) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("error", out var error)) throw new Output.JsonMessageException(error.GetString() ?? "import failed");
            if (json.RootElement.TryGetProperty("status", out var status)) id = status.GetString();
        }
        await context.Out.WriteLineAsync(id ?? "");
        return 0;
    }
}
