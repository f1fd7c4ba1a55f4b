using Bock.Kernel.Spec;
using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class StateCommand : ICommand
{
    public string Name => "state";
    public string Summary => "print the container's state (OCI state JSON)";
    public string Usage => "Usage: bock-oci state <container-id>";

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var id = CommandHelpers.SingleId(new ArgReader().Parse(args, Name), Name);
        var dir = ContainerDirectory.Open(global.Root, id);
        Console.Out.WriteLine(SpecLoader.Serialize(ContainerOps.StateOf(dir, dir.ReadRecord())));
        return 0;
    }
}
