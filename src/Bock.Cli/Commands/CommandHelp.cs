using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary>A command's <c>--help</c>, laid out as Docker's.</summary>
internal static class CommandHelp
{
    public static string For(ICommand command, FlagSet flags) => For(command.Arguments, command.Summary, flags);

    public static string For(string arguments, string summary, FlagSet flags)
    {
        var options = flags.Flags.Append(new Flag("help", null, FlagKind.Bool, "Print usage")).ToList();
        var width = options.Max(f => f.Synopsis.Length) + 3;
        var lines = options.Select(f => $"  {f.Synopsis.PadRight(width)}{f.Help}");
        var optionsWord = flags.Flags.Count > 0 ? " [OPTIONS]" : "";
        return $"Usage:  {flags.Command}{optionsWord}{(arguments.Length > 0 ? " " + arguments : "")}\n\n{summary}\n\nOptions:\n{string.Join('\n', lines)}";
    }
}
