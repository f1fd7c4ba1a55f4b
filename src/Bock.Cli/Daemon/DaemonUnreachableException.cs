namespace Bock.Cli.Daemon;

/// <summary>No daemon answers at the endpoint (and none could be started there).</summary>
internal sealed class DaemonUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
