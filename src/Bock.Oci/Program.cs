using Bock.Kernel.Cgroups;
using Bock.Kernel.Hooks;
using Bock.Kernel.Native;
using Bock.Kernel.Seccomp;
using Bock.Kernel.Spec;
using Bock.Oci.Cli;
using Bock.Oci.Commands;
using Bock.Oci.Init;
using Bock.Oci.Runtime;

namespace Bock.Oci;

/// <summary>bock-oci: runc's command line over Bock.Kernel. <c>init</c> is the in-container half, exec'd by us.</summary>
public static class Program
{
    private const string Version = "0.1.0";

    private static readonly ICommand[] Commands =
    [
        new SpecCommand(), new CreateCommand(), new StartCommand(), new RunCommand(), new StateCommand(), new KillCommand(),
        new DeleteCommand(), new ListCommand(), new PsCommand(), new ExecCommand(), new PauseCommand(resume: false),
        new PauseCommand(resume: true), new ShimCommand(),
    ];

    public static int Main(string[] args)
    {
        if (args is ["init", ..])
            return ContainerInit.Run();
        try
        {
            return Dispatch(args);
        }
        catch (Exception e) when (IsExpected(e))
        {
            Log.Error(e.Message);
            return 1;
        }
    }

    // Failures a user can act on print one line; anything else is a bug and keeps its stack trace.
    private static bool IsExpected(Exception e) =>
        e is OciException or SpecException or KernelException or CgroupException or SeccompException or HookException or IOException or UnauthorizedAccessException;

    private static int Dispatch(string[] args)
    {
        var global = new GlobalOptions();
        var i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            var (name, value) = SplitOption(args[i]);
            string Next() => value ?? (i + 1 < args.Length ? args[++i] : throw new OciException($"option {args[i]} needs a value"));
            switch (name)
            {
                case "root": global = global with { Root = Path.GetFullPath(Next()) }; break;
                case "log": Log.File = Next(); break;
                case "log-format":
                    var format = Next();
                    Log.Json = format switch { "json" => true, "text" => false, _ => throw new OciException($"unknown --log-format \"{format}\" (text or json)") };
                    break;
                case "debug": Log.Debug = true; break;
                case "systemd-cgroup":
                    if (value is null or "true")
                        throw new OciException("--systemd-cgroup is not supported: bock-oci manages cgroupfs directly (use the cgroupfs manager)");
                    break;
                case "rootless":
                    var rootless = Next();
                    if (rootless == "true") throw new OciException("--rootless: rootless containers are not supported yet");
                    break;
                case "criu": Next(); break;
                case "version" or "v": PrintVersion(); return 0;
                case "help" or "h": PrintHelp(); return 0;
                default: throw new OciException($"unknown global option {args[i]} (see bock-oci --help)");
            }
        }
        if (i == args.Length)
        {
            PrintHelp();
            return 0;
        }
        var commandName = args[i];
        var rest = args[(i + 1)..];
        if (commandName == "help")
        {
            PrintHelp();
            return 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == commandName)
            ?? throw new OciException($"unknown command \"{commandName}\" (see bock-oci --help)");
        if (rest is ["--help" or "-h", ..])
        {
            Console.Out.WriteLine(command.Usage);
            return 0;
        }
        return command.Run(global, rest);
    }

    private static (string Name, string? Value) SplitOption(string arg)
    {
        var body = arg.TrimStart('-');
        var eq = body.IndexOf('=');
        return eq < 0 ? (body, null) : (body[..eq], body[(eq + 1)..]);
    }

    private static void PrintVersion()
    {
        Console.Out.WriteLine($"bock-oci version {Version}");
        Console.Out.WriteLine($"spec: {SpecVersion.Current}");
    }

    private static void PrintHelp()
    {
        Console.Out.WriteLine($"""
            bock-oci {Version}: an OCI runtime with runc's command line

            Usage: bock-oci [global options] COMMAND [options] [arguments]

            Commands:
            {string.Join("\n", Commands.Select(c => $"  {c.Name,-9} {c.Summary}"))}

            Global options:
              --root DIR            state directory (default {GlobalOptions.DefaultRoot})
              --log FILE            also write errors to FILE
              --log-format FORMAT   text (default) or json
              --debug               log debug messages
              --systemd-cgroup      not supported (cgroupfs only)
              -v, --version         print the version
              -h, --help            this help; `bock-oci COMMAND --help` for a command's options
            """);
    }
}
