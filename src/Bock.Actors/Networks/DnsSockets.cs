using System.Net.Sockets;

namespace Bock.Actors.Networks;

/// <summary>The embedded DNS's sockets in one container's namespace (bound, not yet listening).</summary>
public sealed record DnsSockets(Socket Udp, Socket Tcp);
