using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text;
using Bock.Kernel.Native;
using Bockrose.Stacks;

namespace Bock.Host.Stacks;

/// <summary>
/// x-bock-probes, run by bockd: a TCP connect or an HTTP GET to 127.0.0.1 inside a container's network namespace.
/// The socket is made on a short-lived thread that joined the namespace (setns changes only the calling thread, and
/// a socket belongs to the namespace it was made in); the connect and the exchange then run anywhere.
/// </summary>
public static class NamespaceProbe
{
    /// <param name="netnsPath">The container's namespace; null for one on the host's network.</param>
    public static async Task<bool> RunAsync(string? netnsPath, ProbeTarget target, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var socket = netnsPath is null ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) : SocketIn(netnsPath);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, target.Port), deadline.Token);
            if (target.HttpPath is not { } path) return true;
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: localhost\r\nUser-Agent: bockd-probe\r\n\r\n"), deadline.Token);
            var buffer = new byte[64];
            var read = 0;
            while (read < 12)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), deadline.Token);
                if (n == 0) break;
                read += n;
            }
            // "HTTP/1.x NNN": 2xx and 3xx are alive, as Kubernetes' HTTP probes count them.
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            return status.StartsWith("HTTP/", StringComparison.Ordinal) && status.Length >= 12 && status[9] is '2' or '3';
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or Bock.Kernel.Native.KernelException)
        {
            return false;
        }
    }

    private static Socket SocketIn(string netnsPath)
    {
        Socket? socket = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(netnsPath);
                Sched.Setns((int)ns.DangerousGetHandle(), Sched.CLONE_NEWNET, netnsPath);
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }) { Name = "bock-probe-netns", IsBackground = true };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return socket!;
    }
}
