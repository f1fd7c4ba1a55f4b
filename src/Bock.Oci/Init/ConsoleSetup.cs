using Bock.Oci.Runtime;

namespace Bock.Oci.Init;

/// <summary>Gives the process a pty from the container's devpts; the master goes to the parent over the sync socket.</summary>
public static class ConsoleSetup
{
    public static void Attach(SyncSocket sync, bool bindConsole) => throw new OciException("terminal: pending merge");
}
