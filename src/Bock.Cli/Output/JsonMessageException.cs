namespace Bock.Cli.Output;

/// <summary>An error reported inside a progress stream (a pull that failed after it started).</summary>
internal sealed class JsonMessageException(string message) : Exception(message);
