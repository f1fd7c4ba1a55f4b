using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bock.Actors.Networks.Dns;

namespace Bock.Actors.Tests.Networks.Dns;

/// <summary>Queries as a stub resolver writes them, and a client that sends them over UDP or TCP on loopback.</summary>
internal static class DnsTestQueries
{
    /// <summary>Captured from busybox 1.35 <c>nslookup -type=a web 127.0.0.1:5399</c>: RD set, no EDNS.</summary>
    public static readonly byte[] BusyboxWebA = Convert.FromHexString("413601000001000000000000037765620000010001");

    /// <summary>
    /// Captured from dig 9.18 <c>dig @127.0.0.1 -p 5399 Web.Example.</c>: RD and AD set, an OPT record with a payload
    /// size of 1232 and a DNS cookie option.
    /// </summary>
    public static readonly byte[] DigWebExampleA = Convert.FromHexString(
        "11140120000100000000000103576562074578616d706c65000001000100002904d000000000000c000a0008b8b3b50203221978");

    public static byte[] Build(ushort id, string name, ushort type = DnsRecordType.A, ushort? ednsPayload = null)
    {
        using var output = new MemoryStream();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(ednsPayload is null ? 0 : 1));
        output.Write(header);
        DnsName.Write(output, name);
        output.Write([(byte)(type >> 8), (byte)type, 0, 1]);
        if (ednsPayload is { } size) output.Write([0, 0, 41, (byte)(size >> 8), (byte)size, 0, 0, 0, 0, 0, 0]);
        return output.ToArray();
    }

    public static DnsMessage Parse(byte[] reply)
    {
        Assert.True(DnsMessage.TryParse(reply, out var message), $"unparseable reply {Convert.ToHexString(reply)}");
        return message;
    }

    public static IPAddress[] AddressesOf(DnsMessage reply) => [.. reply.Answers.Select(a => a.Address!)];

    /// <summary>The reply to <paramref name="query"/>, or null when none came within <paramref name="timeout"/>.</summary>
    public static async Task<byte[]?> AskUdpAsync(IPEndPoint server, byte[] query, TimeSpan? timeout = null)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(server);
        await client.SendAsync(query, SocketFlags.None);
        var buffer = new byte[65535];
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(3));
        try
        {
            var length = await client.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return buffer[..length];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static async Task<byte[]?> AskTcpAsync(IPEndPoint server, byte[] query, TimeSpan? timeout = null)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(3));
        await client.ConnectAsync(server, cancel.Token);
        await using var stream = new NetworkStream(client);
        var framed = new byte[2 + query.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        await stream.WriteAsync(framed, cancel.Token);
        var prefix = new byte[2];
        try
        {
            await stream.ReadExactlyAsync(prefix, cancel.Token);
            var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await stream.ReadExactlyAsync(reply, cancel.Token);
            return reply;
        }
        catch (Exception e) when (e is OperationCanceledException or EndOfStreamException)
        {
            return null;
        }
    }
}
