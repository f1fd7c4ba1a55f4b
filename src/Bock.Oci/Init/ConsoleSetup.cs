using Bock.Kernel.Native;
using Bock.Kernel.Rootfs;
using Bock.Kernel.Terminal;
using Bock.Oci.Runtime;

namespace Bock.Oci.Init;

/// <summary>
/// Gives the process a pty from the container's own devpts (after the root switch, /dev/ptmx is pts/ptmx): the master
/// travels to the parent over the sync socket (SCM_RIGHTS), the slave becomes our controlling terminal and stdio,
/// and for a new container it is also bound onto /dev/console, as runc does.
/// </summary>
public static class ConsoleSetup
{
    public static void Attach(SyncSocket sync, Bock.Kernel.Spec.ProcessSpec process, bool bindConsole)
    {
        var master = Pty.Open("/dev/ptmx");
        try
        {
            if (process.ConsoleSize is { } size)
                Pty.SetSize(master.Fd, (ushort)size.Height, (ushort)size.Width);
            var slave = Pty.OpenSlave(master.Fd, noControllingTerminal: false);
            sync.SendWithFd(new SyncMessage { Type = SyncTypes.Console }, master.Fd);
            Pty.BecomeControllingTerminal(slave);
            if (bindConsole)
            {
                if (!File.Exists("/dev/console"))
                    File.WriteAllBytes("/dev/console", []);
                Mount.Do(master.SlavePath, "/dev/console", null, MountOptions.MS_BIND, null, "bind the pty onto /dev/console");
            }
        }
        finally
        {
            Unistd.Close(master.Fd);
        }
    }
}
