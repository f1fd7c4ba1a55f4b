using System.Net.Sockets;
using System.Text;
using Bock.Cli.Daemon;

namespace Bock.Cli.Tests.Daemon;

/// <summary>An upgrade refused with an error: its body is read to its size or last chunk, never to a close that does not come.</summary>
public sealed class HijackedStreamTests
{
    [Theory]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                "13\r\n{\"message\":\"unable \r\n15\r\nto find user ghost\"}\n\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: 38\r\n\r\n" +
                "{\"message\":\"unable to find user ghost\"}")]
    public async Task An_error_answer_on_a_connection_kept_open_is_its_message(string answer)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hijack-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
            using var server = await listener.AcceptAsync();
            // Written in two parts, and the connection stays open (keep-alive), as bockd leaves it.
            var bytes = Encoding.ASCII.GetBytes(answer);
            await server.SendAsync(bytes.AsMemory(0, bytes.Length / 2));
            var stream = new NetworkStream(client);
            var reading = HijackedStream.ReadResponseAsync(stream, client, CancellationToken.None);
            await Task.Delay(50);
            await server.SendAsync(bytes.AsMemory(bytes.Length / 2));

            var error = await Assert.ThrowsAsync<DaemonException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(500, error.Status);
            Assert.Equal("unable to find user ghost", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
