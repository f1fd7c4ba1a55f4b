using Bock.Cli.Daemon;
using Bock.Cli.Native;
using Bock.Cli.Output;

namespace Bock.Cli.Commands;

/// <summary>
/// What every command works with: the daemon (connected, and started on demand, at first use), the process's
/// streams and whether they are terminals, and Ctrl-C as a cancellation token.
/// </summary>
internal sealed class CliContext(DaemonEndpoint endpoint, TextWriter stdout, TextWriter stderr, CancellationToken cancellation) : IDisposable
{
    private DaemonClient? _daemon;

    public TextWriter Out { get; } = stdout;
    public TextWriter Error { get; } = stderr;
    public CancellationToken Cancellation { get; } = cancellation;
    public DaemonEndpoint Endpoint { get; } = endpoint;

    public bool StdinIsTerminal => Termios.IsTerminal(0);
    public bool StdoutIsTerminal => Termios.IsTerminal(1);

    public DaemonClient Daemon
    {
        get
        {
            if (_daemon is not null) return _daemon;
            if (Endpoint.IsDefault && !DaemonStarter.Answers(Endpoint.SocketPath))
                DaemonStarter.Start(Endpoint, Error);
            return _daemon = new DaemonClient(Endpoint);
        }
    }

    public JsonMessageRenderer Progress() => new(Out, StdoutIsTerminal);

    public void Dispose() => _daemon?.Dispose();
}
