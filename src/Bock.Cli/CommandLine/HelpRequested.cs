namespace Bock.Cli.CommandLine;

/// <summary><c>--help</c> or <c>-h</c> anywhere among a command's flags: print its usage and exit 0.</summary>
internal sealed class HelpRequested : Exception;
