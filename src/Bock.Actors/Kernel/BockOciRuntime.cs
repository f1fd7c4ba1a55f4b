using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Bock.Kernel.Native;

namespace Bock.Actors.Kernel;

/// <summary>
/// <see cref="IContainerRuntime"/> over the bock-oci binary, one process per operation, until each container gets a
/// <c>bock-oci shim</c> of its own.
/// </summary>
/// <remarks>
/// A detached container inherits the stdio of <c>bock-oci create</c>. Pipes would keep a reader waiting until the
/// container ends (or block the container once a pipe fills), so create runs under <c>sh</c>, which points stdio at
/// the container's log file before it execs bock-oci; bock-oci's own errors come back through <c>--log</c>.
/// The container's init is orphaned when create exits. This process becomes a child subreaper so that init is
/// re-parented here and waitpid(2) can report its exit status (the shim will take this role). The wait starts right
/// after create, while the pid is known (state reports 0 once the process is gone), and it reaps the process whether
/// or not anyone asks for the exit.
/// </remarks>
public sealed class BockOciRuntime : IContainerRuntime
{
    private const string RedirectAndExec = """exec "$@" </dev/null >>"$BOCK_CONTAINER_LOG" 2>&1""";

    private readonly BockOciOptions _options;
    private readonly ConcurrentDictionary<string, Task<ContainerExit>> _exits = new();

    public BockOciRuntime(BockOciOptions options)
    {
        _options = options;
        Directory.CreateDirectory(options.LogDirectory);
        Prctl.Set(Prctl.PR_SET_CHILD_SUBREAPER, 1, what: "prctl(PR_SET_CHILD_SUBREAPER)");
    }

    public string LogPath(string containerId) => Path.Combine(_options.LogDirectory, containerId + ".log");

    public void Create(string containerId, string bundlePath)
    {
        var errors = Path.Combine(_options.LogDirectory, containerId + ".runtime.log");
        File.Delete(errors);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in (string[])["-c", RedirectAndExec, "sh", _options.BinaryPath, "--root", _options.Root, "--log", errors,
                     "create", "--bundle", bundlePath, containerId])
            start.ArgumentList.Add(arg);
        start.Environment["BOCK_CONTAINER_LOG"] = LogPath(containerId);
        using var process = Process.Start(start) ?? throw new ContainerRuntimeException("cannot start /bin/sh");
        WaitOrKill(process, "create");
        var reason = File.Exists(errors) ? File.ReadAllText(errors).Trim() : "";
        File.Delete(errors);
        if (process.ExitCode != 0)
            throw new ContainerRuntimeException(reason.Length > 0 ? reason : $"bock-oci create exited with {process.ExitCode}");
        var pid = State(containerId).Pid;
        _exits[containerId] = Task.Factory.StartNew(() =>
        {
            Unistd.WaitPid(pid, out var status);
            return ContainerExit.FromWaitStatus(status);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Start(string containerId) => Run("start", containerId);

    public void Kill(string containerId, int signal) => Run("kill", containerId, signal.ToString());

    public void Pause(string containerId) => Run("pause", containerId);

    public void Resume(string containerId) => Run("resume", containerId);

    public void Delete(string containerId, bool force)
    {
        if (force) Run("delete", "--force", containerId);
        else Run("delete", containerId);
        _exits.TryRemove(containerId, out _);
    }

    public RuntimeState State(string containerId)
    {
        var (code, stdout, stderr) = Execute("state", containerId);
        if (code != 0)
            return stderr.Contains("does not exist") ? RuntimeState.Absent(containerId) : throw new ContainerRuntimeException(stderr.Trim());
        using var json = JsonDocument.Parse(stdout);
        var status = json.RootElement.GetProperty("status").GetString() switch
        {
            "creating" => RuntimeStatus.Creating,
            "created" => RuntimeStatus.Created,
            "running" => RuntimeStatus.Running,
            "paused" => RuntimeStatus.Paused,
            "stopped" => RuntimeStatus.Stopped,
            var other => throw new ContainerRuntimeException($"bock-oci state: unknown status \"{other}\""),
        };
        var pid = json.RootElement.TryGetProperty("pid", out var p) ? p.GetInt32() : 0;
        return new RuntimeState(containerId, status, pid);
    }

    /// <remarks>
    /// OomKilled is always false here: telling an OOM kill from another SIGKILL needs the container's cgroup
    /// (memory.events / memory.oom_control), which the shim will read.
    /// </remarks>
    public Task<ContainerExit> WaitForExitAsync(string containerId, CancellationToken cancellationToken) =>
        _exits.TryGetValue(containerId, out var exit)
            ? exit.WaitAsync(cancellationToken)
            : throw new ContainerRuntimeException($"container {containerId} was not created by this process: only its shim could wait for it");

    public async Task<ExecResult> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(_options.LogDirectory, $"{containerId}.exec-{Guid.NewGuid():N}.pid");
        var start = new ProcessStartInfo(_options.BinaryPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        List<string> args = ["--root", _options.Root, "exec", "--pid-file", pidFile];
        foreach (var variable in request.Env) args.AddRange(["--env", variable]);
        if (request.User is { } user) args.AddRange(["--user", user]);
        if (request.WorkingDir is { } cwd) args.AddRange(["--cwd", cwd]);
        args.Add(containerId);
        args.AddRange(request.Args);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new ContainerRuntimeException($"cannot start {_options.BinaryPath}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(request.Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The process in the container is not bock-oci's child: kill it by the pid bock-oci wrote.
            timedOut = true;
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out var pid))
                _ = Tmds.Linux.LibC.kill(pid, Tmds.Linux.LibC.SIGKILL);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            File.Delete(pidFile);
        }
        var output = await stdout + await stderr;
        return new ExecResult(timedOut ? -1 : process.ExitCode, output.Length > ExecResult.MaxOutput ? output[..ExecResult.MaxOutput] : output, timedOut);
    }

    private void Run(params string[] args)
    {
        var (code, _, stderr) = Execute(args);
        if (code != 0)
            throw new ContainerRuntimeException(stderr.Trim() is { Length: > 0 } reason ? reason : $"bock-oci {args[0]} exited with {code}");
    }

    private (int Code, string Stdout, string Stderr) Execute(params string[] args)
    {
        var start = new ProcessStartInfo(_options.BinaryPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(_options.Root);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new ContainerRuntimeException($"cannot start {_options.BinaryPath}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        WaitOrKill(process, args[0]);
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private void WaitOrKill(Process process, string command)
    {
        if (process.WaitForExit(_options.CommandTimeout))
            return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        throw new ContainerRuntimeException($"bock-oci {command} did not finish within {_options.CommandTimeout.TotalSeconds:0}s");
    }
}
