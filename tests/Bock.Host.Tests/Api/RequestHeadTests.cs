using System.Net.Sockets;
using System.Text;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

/// <summary>Requests as real clients write them reach the API: Docker.DotNet ends its header lines with a bare LF.</summary>
public sealed class RequestHeadTests
{
    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public async Task Header_lines_ending_in_crlf_or_a_bare_lf_are_both_understood(string eol)
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        var body = """{"Image": "/nonexistent-image-path", "Cmd": ["true"]}""";
        var request = $"POST /containers/create HTTP/1.1\r\nUser-Agent: Docker.DotNet{eol}Host: bock{eol}Connection: close{eol}" +
                      $"Content-Type: application/json{eol}Content-Length: {body.Length}{eol}\r\n{body}";
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(daemon.Options.SocketPath));
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        // The daemon read the whole request: its answer is about the image, not a timeout or a 400 for the framing.
        Assert.StartsWith("HTTP/1.1 404", answer);
        Assert.Contains("No such image", answer);
    }
}
