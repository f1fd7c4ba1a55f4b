using System.Collections;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;
using Bock.Cli.Stacks;

namespace Bock.Cli.Tests.Stacks;

/// <summary>Parses a bockrose command line as the CLI does: global flags, the command, its flags.</summary>
internal static class StackArgs
{
    public static readonly IDictionary NoEnvironment = new Hashtable();

    public static (ComposeOptions Options, StackRequest Request, IStackCommand Command, ParsedFlags Flags) Parse(string cwd, params string[] args) =>
        Parse(cwd, NoEnvironment, args);

    public static (ComposeOptions Options, StackRequest Request, IStackCommand Command, ParsedFlags Flags) Parse(string cwd, IDictionary environment, params string[] args)
    {
        var global = ComposeOptions.Declare(new FlagSet("bockrose", stopAtFirstPositional: true)).Parse(args);
        var options = ComposeOptions.From(global);
        var command = StackCommandTable.Find(global.Positional[0]) ?? throw new InvalidOperationException(global.Positional[0]);
        var flags = command.Flags("bockrose " + command.Name).Parse(global.Positional.Skip(1).ToList());
        return (options, options.ToRequest(cwd, environment), command, flags);
    }
}
