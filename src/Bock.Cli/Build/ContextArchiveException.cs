namespace Bock.Cli.Build;

/// <summary>
/// The context could not be read while it was being sent. Not an IOException on purpose: the HTTP client would
/// otherwise take it for a broken connection to the daemon.
/// </summary>
internal sealed class ContextArchiveException(string message, Exception inner) : Exception(message, inner);
