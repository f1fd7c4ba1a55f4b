using System.Net;
using System.Net.Sockets;
using Akka.Event;

namespace Bock.Actors.Networks.Dns;

internal sealed partial class ContainerDnsServer
{
    private int _forwardsInFlight;

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[ushort.MaxValue];
        var rotation = new RoundRobin();
        EndPoint anySender = _udp.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, anySender, _stopping.Token);
            }
            catch (Exception e) when (IsStopping(e))
            {
                return;
            }
            catch (SocketException e)
            {
                // A transient error on one datagram must not end the container's name resolution.
                _log.Warning("DNS of container {0}: receiving failed: {1}", _containerId, e.Message);
                await Task.Delay(10);
                continue;
            }
            var packet = buffer.AsMemory(0, received.ReceivedBytes);
            var state = _state.Current;
            DnsOutcome outcome;
            try
            {
                outcome = DnsQueryHandler.Handle(packet.Span, _containerId, state.Table, rotation, state.Settings.Ttl, overTcp: false);
            }
            catch (Exception e)
            {
                _log.Error(e, "DNS of container {0}: a query could not be handled", _containerId);
                continue;
            }
            switch (outcome)
            {
                case DnsOutcome.Reply reply:
                    await SendUdpAsync(reply.Bytes, received.RemoteEndPoint);
                    break;
                case DnsOutcome.Forward:
                    ForwardUdp(packet.ToArray(), received.RemoteEndPoint, state.Settings);
                    break;
            }
        }
    }

    private void ForwardUdp(byte[] query, EndPoint client, DnsResponderSettings settings)
    {
        if (Interlocked.Increment(ref _forwardsInFlight) > settings.MaxForwardsInFlight)
        {
            Interlocked.Decrement(ref _forwardsInFlight);
            if (DnsResponseBuilder.ServerFailure(query) is { } refusal) _ = SendUdpAsync(refusal, client);
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var reply = await DnsForwarder.ForwardUdpAsync(query, settings.Upstreams, settings.ForwardTimeout, _stopping.Token)
                    ?? DnsResponseBuilder.ServerFailure(query);
                if (reply is not null) await SendUdpAsync(reply, client);
            }
            catch (Exception e) when (IsStopping(e))
            {
            }
            catch (Exception e)
            {
                _log.Error(e, "DNS of container {0}: forwarding failed", _containerId);
            }
            finally
            {
                Interlocked.Decrement(ref _forwardsInFlight);
            }
        });
    }

    // Never throws: replies are also sent from fire-and-forget forwarding tasks.
    private async Task SendUdpAsync(byte[] reply, EndPoint client)
    {
        try
        {
            await _udp.SendToAsync(reply, SocketFlags.None, client, _stopping.Token);
        }
        catch (Exception e) when (IsStopping(e))
        {
        }
        catch (SocketException e)
        {
            _log.Warning("DNS of container {0}: the reply to {1} was not sent: {2}", _containerId, client, e.Message);
        }
    }
}
