namespace Bock.Cli.Daemon;

/// <summary>bockd answered with an error status; <see cref="Exception.Message"/> is its <c>{"message"}</c>.</summary>
internal sealed class DaemonException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
