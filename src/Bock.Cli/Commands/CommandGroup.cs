using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary>A management command (<c>bock image</c>, <c>bock volume</c>…) whose first argument picks a subcommand.</summary>
internal sealed class CommandGroup(string name, string summary, IReadOnlyList<ICommand> commands)
{
    public string Name { get; } = name;
    public string Summary { get; } = summary;
    public IReadOnlyList<ICommand> Commands { get; } = commands;

    public ICommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public string Usage(string program) =>
        $"Usage:  {program} {Name} COMMAND\n\n{Summary}\n\nCommands:\n" +
        string.Concat(Commands.Select(c => $"  {c.Name,-10}{c.Summary}\n")) +
        $"\nRun '{program} {Name} COMMAND --help' for more information on a command.";
}
