using Bock.Cli.CommandLine;
using Bock.Cli.Commands;
using Bock.Cli.Daemon;
using Bock.Cli.Output;

namespace Bock.Cli.Stacks;

/// <summary>
/// <c>bockrose [-f FILE]... [-p NAME] COMMAND</c>: docker compose v2's command line over bockd's /bock/stacks API.
/// The global flags come before the command; errors become one line on stderr and exit 1 (125 for a bad command
/// line, as Docker's CLI plugins).
/// </summary>
internal static class BockroseCli
{
    public const string Program = "bockrose";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation) =>
        await RunAsync(args, stdout, stderr, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariables(), cancellation);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, string currentDirectory,
        System.Collections.IDictionary environment, CancellationToken cancellation)
    {
        ParsedFlags global;
        try
        {
            global = ComposeOptions.Declare(new FlagSet(Program, stopAtFirstPositional: true)).Parse(args);
        }
        catch (HelpRequested)
        {
            stdout.WriteLine(StackCommandTable.Usage(Program));
            return 0;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"{e.Message}\nSee '{Program} --help'.");
            return 125;
        }
        if (global.Bool("version"))
        {
            stdout.WriteLine(Commands.VersionStackCommand.Text());
            return 0;
        }
        if (global.Positional.Count == 0)
        {
            stdout.WriteLine(StackCommandTable.Usage(Program));
            return 0;
        }
        var name = global.Positional[0];
        var command = StackCommandTable.Find(name);
        if (command is null)
        {
            stderr.WriteLine($"unknown command \"{name}\" for \"{Program}\"\nSee '{Program} --help'.");
            return 125;
        }
        var path = $"{Program} {name}";
        var flags = command.Flags(path);
        try
        {
            var options = ComposeOptions.From(global);
            var parsed = flags.Parse(global.Positional.Skip(1).ToList());
            using var cli = new CliContext(DaemonEndpoint.Resolve(options.Host), stdout, stderr, cancellation);
            var context = new StackContext(cli, options, options.ToRequest(currentDirectory, environment));
            return await command.RunAsync(parsed, context);
        }
        catch (HelpRequested)
        {
            stdout.WriteLine(CommandHelp.For(command.Arguments, command.Summary, flags));
            return 0;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"{e.Message}\nSee '{e.Command ?? path} --help'.");
            return 125;
        }
        catch (DaemonException e)
        {
            // The loader's errors (file:line:col: …) are the user's to read as they are, as docker compose prints them.
            stderr.WriteLine(e.Status == 400 ? e.Message : $"Error response from daemon: {e.Message}");
            return 1;
        }
        catch (JsonMessageException e)
        {
            stderr.WriteLine(e.Message);
            return 1;
        }
        catch (DaemonUnreachableException e)
        {
            stderr.WriteLine(e.Message);
            return 1;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"Error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 130;
        }
    }
}
