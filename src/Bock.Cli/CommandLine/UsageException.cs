namespace Bock.Cli.CommandLine;

/// <summary>The command line itself is wrong (unknown flag, missing argument, bad value): Docker exits 125 for these.</summary>
internal sealed class UsageException(string message, string? command = null) : Exception(message)
{
    /// <summary>The command whose <c>--help</c> the message points to, e.g. "bock run".</summary>
    public string? Command { get; } = command;
}
