using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary>One verb of the CLI: its flags, its one-line summary and its work. Returns the process's exit code.</summary>
internal interface ICommand
{
    string Name { get; }

    /// <summary>The arguments after the flags, as in Docker's usage line: "IMAGE [COMMAND] [ARG...]".</summary>
    string Arguments { get; }

    string Summary { get; }

    FlagSet Flags(string commandPath);

    Task<int> RunAsync(ParsedFlags flags, CliContext context);
}
