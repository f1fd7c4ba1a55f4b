using System.Net.Sockets;
using Akka.Event;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Serves the 127.0.0.11:53 sockets of one container: a receive loop on the UDP socket and an accept loop on the TCP
/// listener, each an async task on the thread pool. The sockets were made in the container's network namespace and
/// stay there whichever thread uses them. Queries are answered from the <see cref="PublishedDnsState"/> current at
/// that moment, in the scope of this container; forwarding runs off the loop so a slow upstream delays no other query.
/// Disposing stops both loops and closes the sockets (this object owns them).
/// </summary>
internal sealed partial class ContainerDnsServer : IDisposable
{
    private readonly string _containerId;
    private readonly Socket _udp;
    private readonly Socket? _tcp;
    private readonly PublishedDnsState _state;
    private readonly ILoggingAdapter _log;
    // Never disposed: it has no timer, and loops still finishing may read its token after Dispose.
    private readonly CancellationTokenSource _stopping = new();

    public ContainerDnsServer(string containerId, Socket udp, Socket? tcp, PublishedDnsState state, ILoggingAdapter log)
    {
        if (udp.SocketType != SocketType.Dgram || !udp.IsBound)
            throw new ArgumentException("the UDP socket must be a bound datagram socket", nameof(udp));
        if (tcp is not null && (tcp.SocketType != SocketType.Stream || !tcp.IsBound))
            throw new ArgumentException("the TCP socket must be a bound stream socket", nameof(tcp));
        _containerId = containerId;
        _udp = udp;
        _tcp = tcp;
        _state = state;
        _log = log;
    }

    /// <exception cref="SocketException">The TCP socket cannot listen; nothing was started.</exception>
    public void Start()
    {
        _tcp?.Listen(64);
        _ = Task.Run(ServeUdpAsync);
        if (_tcp is not null) _ = Task.Run(AcceptTcpAsync);
    }

    public bool Serves(Socket udp, Socket? tcp) => ReferenceEquals(udp, _udp) && ReferenceEquals(tcp, _tcp);

    public void Dispose()
    {
        _stopping.Cancel();
        _udp.Dispose();
        _tcp?.Dispose();
    }

    // A disposed socket ends a loop whoever disposed it; other errors only count as stopping once Dispose was called.
    private bool IsStopping(Exception e) =>
        e is ObjectDisposedException || (_stopping.IsCancellationRequested && e is OperationCanceledException or SocketException);
}
