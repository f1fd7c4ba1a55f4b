using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

internal static class CommandHelpers
{
    public static string SingleId(ArgReader reader, string command)
    {
        if (reader.Positionals.Count != 1)
            throw new OciException($"{command}: expected exactly one container id (see bock-oci {command} --help)");
        ContainerDirectory.ValidateId(reader.Positionals[0]);
        return reader.Positionals[0];
    }
}
