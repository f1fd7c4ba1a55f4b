using System.Text.Json;
using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class ListCommand : ICommand
{
    public string Name => "list";
    public string Summary => "list the containers under --root";
    public string Usage => """
        Usage: bock-oci list [--format table|json] [--quiet]

          -f, --format   table (default) or json
          -q, --quiet    ids only
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = new ArgReader().Value("format", "f").Flag("quiet", "q").Parse(args, Name);
        var entries = new List<ContainerListEntry>();
        foreach (var dir in ContainerDirectory.All(global.Root))
        {
            ContainerRecord record;
            try { record = dir.ReadRecord(); } catch (Exception e) when (e is IOException or JsonException) { continue; }
            var status = ContainerOps.StatusOf(dir, record);
            entries.Add(new ContainerListEntry
            {
                Id = record.Id, Pid = status == ContainerStatus.Stopped ? 0 : record.Pid, Status = status, Bundle = record.Bundle,
                Rootfs = record.Rootfs, Created = record.Created, Owner = record.Owner, Annotations = record.Annotations,
            });
        }
        if (reader.Has("quiet"))
            entries.ForEach(e => Console.Out.WriteLine(e.Id));
        else if (reader.Get("format") == "json")
            Console.Out.WriteLine(JsonSerializer.Serialize(entries, OciJsonContext.Default.ListContainerListEntry));
        else if (reader.Get("format") is null or "table")
        {
            Console.Out.WriteLine($"{"ID",-24} {"PID",-8} {"STATUS",-10} {"BUNDLE",-40} {"CREATED",-30} OWNER");
            foreach (var e in entries)
                Console.Out.WriteLine($"{e.Id,-24} {e.Pid,-8} {e.Status,-10} {e.Bundle,-40} {e.Created:O} {e.Owner}");
        }
        else throw new OciException($"list: unknown format \"{reader.Get("format")}\" (table or json)");
        return 0;
    }
}
