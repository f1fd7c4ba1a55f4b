using System.Runtime.InteropServices;
using Bock.Kernel.Native;

namespace Bock.Oci.Runtime;

/// <summary>
/// Waits for a child we started (container init for <c>run</c>, the process for <c>exec</c>) while forwarding the
/// signals a user or a supervisor sends us, so that Ctrl-C or a SIGTERM reaches the container instead of killing us.
/// </summary>
public static class ForegroundProcess
{
    private static readonly int[] Forwarded =
        [Signals.SIGINT, Signals.SIGTERM, Signals.SIGHUP, Signals.SIGQUIT, Signals.SIGUSR1, Signals.SIGUSR2, Signals.SIGWINCH];

    public static int Wait(int pid)
    {
        var registrations = new List<PosixSignalRegistration>();
        try
        {
            foreach (var signal in Forwarded)
                registrations.Add(PosixSignalRegistration.Create(ToPosixSignal(signal), context =>
                {
                    context.Cancel = true;
                    Unistd.Kill(pid, signal);
                }));
            Unistd.WaitPid(pid, out var status);
            return status;
        }
        finally
        {
            foreach (var registration in registrations)
                registration.Dispose();
        }
    }

    // PosixSignal names the portable ones with negative values; raw numbers are accepted for the rest.
    private static PosixSignal ToPosixSignal(int signal) => signal switch
    {
        Signals.SIGINT => PosixSignal.SIGINT,
        Signals.SIGTERM => PosixSignal.SIGTERM,
        Signals.SIGHUP => PosixSignal.SIGHUP,
        Signals.SIGQUIT => PosixSignal.SIGQUIT,
        Signals.SIGWINCH => PosixSignal.SIGWINCH,
        _ => (PosixSignal)signal,
    };
}
