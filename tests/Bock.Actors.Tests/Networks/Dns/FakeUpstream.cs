using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Bock.Actors.Tests.Networks.Dns;

/// <summary>
/// An upstream resolver on 127.0.0.1 for forwarding tests: UDP and TCP on one port, answering each query with what
/// <see cref="Answer"/> makes of it (null: stay silent, as a dead resolver does), and keeping what it was asked.
/// </summary>
internal sealed class FakeUpstream : IDisposable
{
    private readonly Socket _udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _tcp = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();

    public FakeUpstream(Func<byte[], byte[]?> answer)
    {
        Answer = answer;
        _udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        _tcp.Bind(EndPoint);
        _tcp.Listen();
        _ = Task.Run(ServeUdpAsync);
        _ = Task.Run(ServeTcpAsync);
    }

    public Func<byte[], byte[]?> Answer { get; }
    public IPEndPoint EndPoint { get; }
    public ConcurrentQueue<byte[]> Received { get; } = new();

    /// <summary>An upstream that answers with the query itself turned into a reply with one A record of 10.9.8.7.</summary>
    public static byte[] AnswerWithTenNineEightSeven(byte[] query)
    {
        var reply = new byte[query.Length + 16];
        query.CopyTo(reply, 0);
        reply[2] |= 0x80;
        reply[3] = 0x80;
        reply[7] = 1;
        reply[11] = 0; // drop any OPT the query had: this reply carries the answer instead
        var questionEnd = 12;
        while (reply[questionEnd] != 0) questionEnd += reply[questionEnd] + 1;
        questionEnd += 5;
        byte[] record = [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, 10, 9, 8, 7];
        record.CopyTo(reply, questionEnd);
        return reply[..(questionEnd + record.Length)];
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                var query = buffer[..received.ReceivedBytes];
                Received.Enqueue(query);
                if (Answer(query) is { } reply) await _udp.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeTcpAsync()
    {
        try
        {
            while (true)
            {
                using var connection = await _tcp.AcceptAsync(_stop.Token);
                await using var stream = new NetworkStream(connection);
                var prefix = new byte[2];
                await stream.ReadExactlyAsync(prefix, _stop.Token);
                var query = new byte[prefix[0] << 8 | prefix[1]];
                await stream.ReadExactlyAsync(query, _stop.Token);
                Received.Enqueue(query);
                if (Answer(query) is not { } reply) continue;
                await stream.WriteAsync(new byte[] { (byte)(reply.Length >> 8), (byte)reply.Length }.Concat(reply).ToArray(), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or EndOfStreamException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Dispose();
    }
}
