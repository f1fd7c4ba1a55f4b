using Bock.Cli.CommandLine;
using Bock.Cli.Commands;
using Bock.Cli.Daemon;
using Bock.Cli.Output;

namespace Bock.Cli;

/// <summary>
/// <c>bock [-H unix:///path] COMMAND</c>: finds the command (or management group) and runs it. Errors become one
/// line on stderr and Docker's exit codes: 125 for a bad command line, 1 for an error the daemon reports (the run
/// family reports 125/126/127 itself). Started as <c>bock-runtime</c> (a symlink), it offers the builder's commands
/// (<see cref="RuntimeCommandTable"/>).
/// </summary>
internal static class BockCli
{
    public const string Bock = "bock";
    public const string BockRuntime = "bock-runtime";

    /// <summary>The program a name from argv[0] picks: bock-runtime for its symlink, bock for anything else.</summary>
    public static string ProgramFor(string? argv0) => Path.GetFileName(argv0) == BockRuntime ? BockRuntime : Bock;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation) =>
        RunAsync(Bock, args, stdout, stderr, cancellation);

    public static async Task<int> RunAsync(string program, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var isRuntime = program == BockRuntime;
        string? host = null;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            switch (args[i])
            {
                case "-H" or "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case var a when a.StartsWith("--host="):
                    host = a["--host=".Length..];
                    break;
                case "-h" or "--help":
                    stdout.WriteLine(isRuntime ? RuntimeCommandTable.Usage(program) : CommandTable.Usage(program));
                    return 0;
                case "-v" or "--version":
                    stdout.WriteLine($"Bock version {typeof(BockCli).Assembly.GetName().Version?.ToString(3)}");
                    return 0;
                default:
                    stderr.WriteLine($"unknown flag: {args[i]}\nSee '{program} --help'.");
                    return 125;
            }
        }
        if (i == args.Length)
        {
            stdout.WriteLine(isRuntime ? RuntimeCommandTable.Usage(program) : CommandTable.Usage(program));
            return 0;
        }
        var rest = args[(i + 1)..];
        var name = args[i];
        string path;
        ICommand? command;
        if ((isRuntime ? null : CommandTable.Group(name)) is { } group)
        {
            if (rest.Length == 0 || rest[0] is "-h" or "--help")
            {
                stdout.WriteLine(group.Usage(program));
                return 0;
            }
            command = group.Find(rest[0]);
            if (command is null)
            {
                stderr.WriteLine($"{program}: '{name} {rest[0]}' is not a {program} command.\nSee '{program} {name} --help'");
                return 125;
            }
            path = $"{program} {name} {rest[0]}";
            rest = rest[1..];
        }
        else
        {
            command = isRuntime ? RuntimeCommandTable.Find(name) : CommandTable.Find(name);
            if (command is null)
            {
                stderr.WriteLine($"{program}: '{name}' is not a {program} command.\nSee '{program} --help'");
                return 125;
            }
            path = $"{program} {name}";
        }
        var flags = command.Flags(path);
        using var context = new CliContext(DaemonEndpoint.Resolve(host), stdout, stderr, cancellation);
        try
        {
            return await command.RunAsync(flags.Parse(rest), context);
        }
        catch (HelpRequested)
        {
            stdout.WriteLine(CommandHelp.For(command, flags));
            return 0;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"{program}: {e.Message}\nSee '{e.Command ?? path} --help'.");
            return 125;
        }
        catch (DaemonException e)
        {
            stderr.WriteLine($"Error response from daemon: {e.Message}");
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
            // Local files (cp, save -o, load -i): one line, as Docker's "Error: …".
            stderr.WriteLine($"Error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 130;
        }
    }
}
