using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Sends a query the responder does not answer to the upstream resolvers, byte for byte (the asker's id included, so
/// the reply goes back unchanged), and returns the first upstream's reply. Each attempt uses a fresh socket connected
/// to that upstream: the kernel then picks a random source port and delivers only that upstream's datagrams, which
/// with the asker's random id is what protects against spoofed replies. These sockets are made on thread-pool
/// threads, in bockd's own network namespace, where the host's resolvers are reachable.
/// </summary>
internal static class DnsForwarder
{
    /// <summary>The reply of the first upstream that answers within <paramref name="timeout"/> each, or null.</summary>
    public static async Task<byte[]?> ForwardUdpAsync(ReadOnlyMemory<byte> query, ImmutableArray<IPEndPoint> upstreams,
        TimeSpan timeout, CancellationToken cancellation)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
        var buffer = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            foreach (var upstream in upstreams)
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                attempt.CancelAfter(timeout);
                try
                {
                    using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    await socket.ConnectAsync(upstream, attempt.Token);
                    await socket.SendAsync(query, SocketFlags.None, attempt.Token);
                    while (true)
                    {
                        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, attempt.Token);
                        if (IsReplyTo(id, buffer.AsSpan(0, length))) return buffer[..length];
                    }
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    // This upstream timed out: the next one gets its chance.
                }
                catch (SocketException)
                {
                    // Refused (an ICMP port unreachable) or no route: the next one.
                }
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>As <see cref="ForwardUdpAsync"/> over TCP: for a client that came over TCP, typically after a truncated reply.</summary>
    public static async Task<byte[]?> ForwardTcpAsync(ReadOnlyMemory<byte> query, ImmutableArray<IPEndPoint> upstreams,
        TimeSpan timeout, CancellationToken cancellation)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
        foreach (var upstream in upstreams)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            attempt.CancelAfter(timeout);
            try
            {
                using var socket = new Socket(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(upstream, attempt.Token);
                await using var stream = new NetworkStream(socket, ownsSocket: false);
                await DnsTcpFraming.WriteAsync(stream, query, attempt.Token);
                if (await DnsTcpFraming.ReadAsync(stream, attempt.Token) is { } reply && IsReplyTo(id, reply)) return reply;
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
            }
        }
        return null;
    }

    private static bool IsReplyTo(ushort id, ReadOnlySpan<byte> packet) =>
        packet.Length >= DnsMessage.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(packet) == id && (packet[2] & 0x80) != 0;
}
