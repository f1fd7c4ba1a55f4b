using Bock.Cli.CommandLine;
using Bock.Cli.Commands;

namespace Bock.Cli.Stacks.Commands;

/// <summary>
/// <c>exec SERVICE CMD…</c>: bock's exec into <c>&lt;project&gt;-&lt;service&gt;-&lt;index&gt;</c>, with docker
/// compose's defaults: stdin attached, and a terminal when ours is one (<c>-T</c> turns it off).
/// </summary>
internal sealed class ExecStackCommand : IStackCommand
{
    public string Name => "exec";
    public string Arguments => "SERVICE COMMAND [ARGS...]";
    public string Summary => "Execute a command in a running container";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath, stopAtFirstPositional: true)
        .Bool("detach", 'd', "Detached mode: Run command in the background")
        .List("env", 'e', "Set environment variables", "stringArray")
        .Value("index", null, "Index of the container if service has multiple replicas (default 1)", "int")
        .Bool("interactive", 'i', "Keep STDIN open even if not attached (default true)")
        .Bool("no-TTY", 'T', "Disable pseudo-TTY allocation. By default `exec` allocates a TTY.")
        .Bool("privileged", null, "Give extended privileges to the process")
        .Value("user", 'u', "Run the command as this user")
        .Value("workdir", 'w', "Path to workdir directory for this command");

    /// <summary>The equivalent <c>bock exec</c> command line.</summary>
    public static IReadOnlyList<string> ToExecArguments(ParsedFlags flags, string project, bool stdinIsTerminal)
    {
        var args = flags.Arguments(2);
        var index = flags.Int("index") ?? 1;
        if (index < 1) throw new UsageException($"invalid index {index}: replicas are numbered from 1");
        var exec = new List<string>();
        if (flags.Value("interactive") != "false" && !flags.Bool("detach")) exec.Add("-i");
        if (!flags.Bool("no-TTY") && stdinIsTerminal && !flags.Bool("detach")) exec.Add("-t");
        if (flags.Bool("detach")) exec.Add("-d");
        foreach (var variable in flags.List("env")) exec.AddRange(["-e", variable]);
        if (flags.Value("user") is { } user) exec.AddRange(["-u", user]);
        if (flags.Value("workdir") is { } workdir) exec.AddRange(["-w", workdir]);
        if (flags.Bool("privileged")) exec.Add("--privileged");
        exec.Add($"{project}-{args[0]}-{index}");
        exec.AddRange(args.Skip(1));
        return exec;
    }

    public async Task<int> RunAsync(ParsedFlags flags, StackContext context)
    {
        var project = await context.ProjectNameAsync();
        var exec = new ExecCommand();
        var execFlags = exec.Flags("bockrose exec").Parse(ToExecArguments(flags, project, context.Cli.StdinIsTerminal));
        return await exec.RunAsync(execFlags, context.Cli);
    }
}
