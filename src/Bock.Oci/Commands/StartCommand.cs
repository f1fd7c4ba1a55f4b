using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class StartCommand : ICommand
{
    public string Name => "start";
    public string Summary => "start the user process of a created container";
    public string Usage => "Usage: bock-oci start <container-id>";

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var id = CommandHelpers.SingleId(new ArgReader().Parse(args, Name), Name);
        var dir = ContainerDirectory.Open(global.Root, id);
        ContainerOps.Start(dir, dir.ReadRecord(), dir.ReadSpec());
        return 0;
    }
}
