using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

internal sealed class ImagesCommand(string name = "images") : ICommand
{
    public string Name => name;
    public string Arguments => "[REPOSITORY[:TAG]]";
    public string Summary => "List images";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Bool("all", 'a', "Show all images (default hides intermediate images)")
        .Bool("quiet", 'q', "Only show image IDs")
        .List("filter", 'f', "Filter output based on conditions provided", "filter")
        .Value("format", null, "Format output using a custom template")
        .Bool("digests", null, "Show digests")
        .Bool("no-trunc", null, "Don't truncate output");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var filters = flags.List("filter").ToList();
        if (flags.Arguments(0, 1) is [var reference]) filters.Add("reference=" + reference);
        var query = "images/json" + (filters.Count > 0 ? "?" + Filters.Query(filters) : "");
        var images = (await context.Daemon.GetJsonAsync(query, context.Cancellation)).EnumerateArray()
            .OrderByDescending(i => i.GetProperty("Created").GetInt64()).ToList();
        var noTrunc = flags.Bool("no-trunc");
        string Id(JsonElement image)
        {
            var id = image.GetProperty("Id").GetString()!;
            return noTrunc ? id : id.Replace("sha256:", "")[..12];
        }
        if (flags.Bool("quiet"))
        {
            foreach (var id in images.Select(Id).Distinct()) await context.Out.WriteLineAsync(id);
            return 0;
        }
        var rows = new List<JsonElement>();
        foreach (var image in images)
        {
            var tags = image.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0
                ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : ["<none>:<none>"];
            var digest = image.TryGetProperty("RepoDigests", out var d) && d.ValueKind == JsonValueKind.Array && d.GetArrayLength() > 0
                ? d[0].GetString()!.Split('@').Last() : "<none>";
            foreach (var tag in tags)
            {
                var colon = tag.LastIndexOf(':');
                rows.Add(new RowBuilder()
                    .Add("Repository", tag[..colon])
                    .Add("Tag", tag[(colon + 1)..])
                    .Add("Digest", digest)
                    .Add("ID", Id(image))
                    .Add("CreatedSince", Units.Ago(DateTimeOffset.FromUnixTimeSeconds(image.GetProperty("Created").GetInt64())))
                    .Add("Size", Units.HumanSize(image.GetProperty("Size").GetInt64()))
                    .Build());
            }
        }
        (string, string)[] columns = flags.Bool("digests")
            ? [("REPOSITORY", "Repository"), ("TAG", "Tag"), ("DIGEST", "Digest"), ("IMAGE ID", "ID"), ("CREATED", "CreatedSince"), ("SIZE", "Size")]
            : [("REPOSITORY", "Repository"), ("TAG", "Tag"), ("IMAGE ID", "ID"), ("CREATED", "CreatedSince"), ("SIZE", "Size")];
        Listing.Write(context.Out, rows, flags.Value("format"), columns);
        return 0;
    }
}
