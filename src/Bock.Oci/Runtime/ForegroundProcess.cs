using System.Runtime.InteropServices;
using Bock.Kernel.Native;

namespace Bock.Oci.Runtime;

/// <summary>
/// For a child we started (container init for <c>run</c>, the process for <c>exec</c>): forward the signals a user
/// or a supervisor sends us, so that Ctrl-C or a SIGTERM reaches the container instead of killing us, and wait for it.
/// Forwarding starts as soon as the pid exists, before the process is started, so no signal falls in a gap.
/// </summary>
public static class ForegroundProcess
{
    private static readonly int[] Forwarded =
        [Signals.SIGINT, Signals.SIGTERM, Signals.SIGHUP, Signals.SIGQUIT, Signals.SIGUSR1, Signals.SIGUSR2, Signals.SIGWINCH];

    public static IDisposable ForwardSignals(int pid)
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach (var signal in Forwarded)
            registrations.Add(PosixSignalRegistration.Create(ToPosixSignal(signal), context =>
            {
                context.Cancel = true;
                Unistd.Kill(pid, signal);
            }));
        return new Registrations(registrations);
    }

    /// <summary>Waits for the child and returns its raw wait status.</summary>
    public static int Wait(int pid)
    {
        Unistd.WaitPid(pid, out var status);
        return status;
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

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }
}
