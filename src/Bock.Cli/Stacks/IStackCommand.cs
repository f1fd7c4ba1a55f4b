using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks;

/// <summary>One verb of bockrose: as <see cref="Commands.ICommand"/>, but run against the project the global flags name.</summary>
internal interface IStackCommand
{
    string Name { get; }

    /// <summary>The arguments after the flags, as in docker compose's usage line: "[SERVICE...]".</summary>
    string Arguments { get; }

    string Summary { get; }

    FlagSet Flags(string commandPath);

    Task<int> RunAsync(ParsedFlags flags, StackContext context);
}
