using System.Runtime.InteropServices;
using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

/// <summary>
/// Docker's <c>--sig-proxy</c>: SIGINT and SIGTERM sent to this process while attached go to the container
/// instead (as a kill through the daemon), so Ctrl-C stops the container's process and run exits with its code.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    private SignalForwarder(DaemonClient daemon, string escapedId)
    {
        foreach (var (signal, name) in new[] { (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGTERM, "SIGTERM") })
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _ = Forward(daemon, escapedId, name);
            }));
    }

    public static IDisposable Forward(DaemonClient daemon, string escapedId, bool enabled) =>
        enabled ? new SignalForwarder(daemon, escapedId) : new SignalForwarder([]);

    private SignalForwarder(List<PosixSignalRegistration> none) => _registrations = none;

    private static async Task Forward(DaemonClient daemon, string escapedId, string signal)
    {
        try
        {
            await daemon.SendAsync(HttpMethod.Post, $"containers/{escapedId}/kill?signal={signal}");
        }
        catch (DaemonException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
