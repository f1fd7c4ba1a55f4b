using System.Net.Sockets;

namespace Bock.Oci.Shim;

/// <summary>Accepting on a shim's listening socket, which serves many containers and must outlive a shortage of fds.</summary>
internal static class ListenerAccept
{
    /// <summary>The next client; null once the listener is closed. EMFILE/ENFILE is waited out, never fatal.</summary>
    public static async Task<Socket?> NextAsync(Socket listener)
    {
        while (true)
        {
            try
            {
                return await listener.AcceptAsync();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
            {
                await Task.Delay(100);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return null;
            }
        }
    }
}
