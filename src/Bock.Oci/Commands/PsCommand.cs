using System.Text.Json;
using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class PsCommand : ICommand
{
    public string Name => "ps";
    public string Summary => "list the processes running in a container";
    public string Usage => """
        Usage: bock-oci ps [--format table|json] <container-id>

          -f, --format   table (PID and command line, default) or json (an array of host pids, as runc)
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = new ArgReader().Value("format", "f").Parse(args, Name);
        if (reader.Positionals.Count < 1)
            throw new OciException("ps: expected <container-id>");
        var dir = ContainerDirectory.Open(global.Root, reader.Positionals[0]);
        var record = dir.ReadRecord();
        var cgroup = ContainerCgroups.Open(record.CgroupsPath, record.Id);
        if (ContainerOps.StatusOf(dir, record, cgroup) == ContainerStatus.Stopped)
            throw new OciException($"container {record.Id} is not running");
        var pids = cgroup.Processes().Order().ToList();
        if (reader.Get("format") == "json")
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(pids, OciJsonContext.Default.ListInt32));
            return 0;
        }
        Console.Out.WriteLine($"{"PID",-8} CMD");
        foreach (var pid in pids)
        {
            string cmd;
            try { cmd = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); } catch (IOException) { continue; }
            Console.Out.WriteLine($"{pid,-8} {cmd}");
        }
        return 0;
    }
}
