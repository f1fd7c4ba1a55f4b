using System.Net.Sockets;
using Akka.Event;

namespace Bock.Actors.Networks.Dns;

internal sealed partial class ContainerDnsServer
{
    private int _tcpConnections;

    private async Task AcceptTcpAsync()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await _tcp!.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (IsStopping(e))
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors, say: wait a little rather than spin on the same error.
                _log.Warning("DNS of container {0}: accepting failed: {1}", _containerId, e.Message);
                await Task.Delay(100);
                continue;
            }
            if (Interlocked.Increment(ref _tcpConnections) > _state.Current.Settings.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _tcpConnections);
                connection.Dispose();
                continue;
            }
            _ = Task.Run(() => ServeTcpConnectionAsync(connection));
        }
    }

    // Queries on one connection are answered in order (RFC 7766 allows it); a malformed one closes the connection.
    private async Task ServeTcpConnectionAsync(Socket connection)
    {
        var rotation = new RoundRobin();
        try
        {
            await using var stream = new NetworkStream(connection, ownsSocket: true);
            while (true)
            {
                var state = _state.Current;
                byte[]? query;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
                {
                    idle.CancelAfter(state.Settings.TcpIdleTimeout);
                    query = await DnsTcpFraming.ReadAsync(stream, idle.Token);
                }
                if (query is null) return;
                state = _state.Current;
                var reply = DnsQueryHandler.Handle(query, _containerId, state.Table, rotation, state.Settings.Ttl, overTcp: true) switch
                {
                    DnsOutcome.Reply answer => answer.Bytes,
                    DnsOutcome.Forward => await DnsForwarder.ForwardTcpAsync(query, state.Settings.Upstreams, state.Settings.ForwardTimeout, _stopping.Token)
                        ?? DnsResponseBuilder.ServerFailure(query),
                    _ => null,
                };
                if (reply is null) return;
                await DnsTcpFraming.WriteAsync(stream, reply, _stopping.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Idle, closed by the client, or the server stopping: the connection just ends.
        }
        catch (Exception e)
        {
            _log.Error(e, "DNS of container {0}: a TCP connection failed", _containerId);
        }
        finally
        {
            Interlocked.Decrement(ref _tcpConnections);
            connection.Dispose();
        }
    }
}
