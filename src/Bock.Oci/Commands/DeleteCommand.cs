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
        ContainerOps.Delete(ContainerDirectory.Open(global.Root, id), reader.Has("force"));
        return 0;
    }
}
