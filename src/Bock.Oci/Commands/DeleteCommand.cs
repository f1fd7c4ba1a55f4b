using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class DeleteCommand : ICommand
{
    public string Name => "delete";
    public string Summary => "delete a stopped container (any container with --force)";
    public string Usage => """
        Usage: bock-oci delete [--force] <container-id>

          -f, --force   kill the container's processes first
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = new ArgReader().Flag("force", "f").Parse(args, Name);
        var id = CommandHelpers.SingleId(reader, Name);
        var dir = ContainerDirectory.Locate(global.Root, id);
        if (dir.Exists)
            ContainerOps.Delete(dir, reader.Has("force"));
        else if (reader.Has("force"))
            dir.Remove(); // As runc: a forced delete of no container succeeds and removes what a killed create left; conmon relies on it after a failed create.
        else
            throw new OciException($"container \"{id}\" does not exist");
        return 0;
    }
}
