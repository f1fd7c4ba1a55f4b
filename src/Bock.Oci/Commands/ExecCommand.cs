using Bock.Kernel.Spec;
using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class ExecCommand : ICommand
{
    public string Name => "exec";
    public string Summary => "run another process inside a running container";
    public string Usage => """
        Usage: bock-oci exec [options] <container-id> [COMMAND [ARG...]]

          -p, --process FILE      the process as OCI process.json (instead of COMMAND)
          -t, --tty               allocate a pty
          --console-socket SOCK   send the pty master here
          -d, --detach            do not wait for the process
          --pid-file FILE         write the process's pid here
          -e, --env K=V           add or override an environment variable (repeatable)
          --cwd DIR               working directory inside the container
          -u, --user UID[:GID]    run as this user
          -g, --additional-gids G add a supplementary group (repeatable)
          -c, --cap CAP           add a capability (repeatable)
          --no-new-privs          set no_new_privileges
          --preserve-fds N        pass N extra fds (from 3 on)
        The exit status is the process's (128 + N when killed by signal N).
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = new ArgReader()
            .Value("process", "p").Flag("tty", "t").Value("console-socket").Flag("detach", "d").Value("pid-file")
            .Value("env", "e").Value("cwd").Value("user", "u").Value("additional-gids", "g").Value("cap", "c")
            .Flag("no-new-privs").Value("preserve-fds").Value("process-label").Value("apparmor").Flag("ignore-paused")
            .Value("cgroup")
            .Parse(args, Name, stopAtPositional: true);
        if (reader.Positionals.Count < 1)
            throw new OciException("exec: expected <container-id> [COMMAND...]");
        var dir = ContainerDirectory.Open(global.Root, reader.Positionals[0]);
        var spec = dir.ReadSpec();
        var process = BuildProcess(reader, spec.Process!);
        var detach = reader.Has("detach");
        var consoleSocket = reader.Get("console-socket");
        if (process.Terminal && consoleSocket is null && detach)
            throw new OciException("cannot allocate a tty for a detached process without --console-socket");

        var (pid, consoleFd) = ProcessLauncher.Exec(dir, spec, process, consoleSocket, reader.GetInt("preserve-fds", 0));
        if (reader.Get("pid-file") is { } pidFile)
            ContainerLauncher.WritePidFile(Path.GetFullPath(pidFile), pid);
        if (detach)
            return 0;
        using var proxy = consoleFd >= 0 ? ConsoleProxy.Start(consoleFd) : null;
        using var forwarding = ForegroundProcess.ForwardSignals(pid);
        var status = ForegroundProcess.Wait(pid);
        proxy?.Drain();
        return ExitStatus.ToExitCode(status);
    }

    private static ProcessSpec BuildProcess(ArgReader reader, ProcessSpec containerProcess)
    {
        if (reader.Get("process") is { } file)
            return SpecLoader.ParseProcess(File.ReadAllBytes(file), file);
        var command = reader.Positionals.Skip(1).ToList();
        if (command.Count == 0)
            throw new OciException("exec: give a COMMAND or --process FILE");
        var env = new List<string>(containerProcess.Env ?? []);
        foreach (var variable in reader.GetAll("env"))
        {
            var name = variable.Split('=', 2)[0];
            env.RemoveAll(e => e.Split('=', 2)[0] == name);
            env.Add(variable);
        }
        var user = containerProcess.User;
        if (reader.Get("user") is { } userText)
        {
            var parts = userText.Split(':');
            if (!uint.TryParse(parts[0], out var uid) || (parts.Length > 1 && !uint.TryParse(parts[1], out _)))
                throw new OciException($"exec: --user \"{userText}\": expected UID[:GID] as numbers");
            user = user with { Uid = uid, Gid = parts.Length > 1 ? uint.Parse(parts[1]) : user.Gid };
        }
        if (reader.GetAll("additional-gids") is { Count: > 0 } gids)
            user = user with { AdditionalGids = gids.Select(g => uint.TryParse(g, out var n) ? n : throw new OciException($"exec: bad group id \"{g}\"")).ToList() };
        var caps = containerProcess.Capabilities;
        if (reader.GetAll("cap") is { Count: > 0 } extra)
        {
            caps ??= new CapabilitiesSpec();
            IReadOnlyList<string> Add(IReadOnlyList<string>? set) => [.. (set ?? []).Union(extra)];
            caps = caps with { Bounding = Add(caps.Bounding), Effective = Add(caps.Effective), Permitted = Add(caps.Permitted), Inheritable = Add(caps.Inheritable), Ambient = Add(caps.Ambient) };
        }
        var process = containerProcess with
        {
            Args = command, Env = env, Terminal = reader.Has("tty"), User = user, Capabilities = caps,
            Cwd = reader.Get("cwd") ?? containerProcess.Cwd,
            NoNewPrivileges = containerProcess.NoNewPrivileges || reader.Has("no-new-privs"),
        };
        SpecValidator.ValidateProcess(process, "exec", "$");
        return process;
    }
}
