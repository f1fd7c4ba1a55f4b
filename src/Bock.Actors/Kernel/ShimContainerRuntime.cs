using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Bock.Kernel.Spec;

namespace Bock.Actors.Kernel;

/// <summary>
/// <see cref="IContainerRuntime"/> over <c>bock-oci shim</c>: one shim process serves all the containers of bockd's
/// OCI root, each on a socket of its own. The shim creates each container as its own child, so it (not bockd) holds
/// the stdio, writes the json-file log, waits for init and records the exit; it outlives a bockd restart, and a new
/// bockd finds each container again by its socket. Start, kill and wait go to the shim's
/// socket; state asks the shim while it lives (bock-oci otherwise); delete goes to the root's shim while one runs
/// (bockd holds it, see <see cref="ShimGroupClient.Hold"/>); pause, resume and exec are bock-oci commands on the
/// shared state root.
/// </summary>
/// <remarks>
/// The shim detaches into a session of its own and is re-parented to PID 1 when <c>bock-oci shim</c> returns: bockd
/// is no subreaper and never waits on a container's process, so the exit of a container made by an earlier bockd is
/// seen exactly like one of ours.
/// </remarks>
public sealed class ShimContainerRuntime : IContainerRuntime
{
    /// <summary>
    /// After init exits the shim drains its output (at most 2 s), records the exit, then removes the container's socket:
    /// a new create for the same id, and a delete, wait (this long at most) for that.
    /// </summary>
    private static readonly TimeSpan ShimExitGrace = TimeSpan.FromSeconds(5);

    /// <summary>sun_path holds 108 bytes with the terminating NUL.</summary>
    private const int MaxSocketPath = 107;

    private readonly ShimRuntimeOptions _options;

    /// <summary>Our hold on the root's shim (see <see cref="ShimGroupClient.Hold"/>); renewed after a create when lost.</summary>
    private readonly Lock _holdLock = new();
    private System.Net.Sockets.Socket? _hold;

    public ShimContainerRuntime(ShimRuntimeOptions options)
    {
        _options = options;
        Directory.CreateDirectory(options.ShimsDirectory);
    }

    public ShimRuntimeOptions Options => _options;

    public void Create(string containerId, string bundlePath)
    {
        var paths = _options.PathsOf(containerId);
        if (System.Text.Encoding.UTF8.GetByteCount(paths.Socket) > MaxSocketPath)
            throw new ContainerRuntimeException($"the shim's socket path {paths.Socket} is longer than a unix socket allows ({MaxSocketPath} bytes): choose a shorter --run-root");
        WaitUntilNoShimServes(paths);
        if (Directory.Exists(paths.Directory)) Directory.Delete(paths.Directory, recursive: true);
        Directory.CreateDirectory(paths.Directory);
        var (tty, openStdin, _) = ReadIoFlags(bundlePath);
        // The shim of this state root is usually running already: ask it directly (bock-oci's ShimOptions, by name).
        var options = new Dictionary<string, object>
        {
            ["Root"] = Path.GetFullPath(_options.OciRoot), ["Id"] = containerId, ["Bundle"] = Path.GetFullPath(bundlePath),
            ["LogFile"] = ShimPaths.LogFile(bundlePath, containerId), ["ExitFile"] = paths.ExitFile, ["SocketPath"] = paths.Socket,
            ["Tty"] = tty, ["OpenStdin"] = openStdin && !tty,
        };
        try
        {
            if (ShimGroupClient.TryCreate(_options.OciRoot, options) is { } shimPid)
            {
                File.WriteAllText(paths.PidFile, shimPid);
                HoldShim();
                return;
            }
        }
        catch
        {
            Directory.Delete(paths.Directory, recursive: true);
            throw;
        }
        List<string> args = ["shim", "--bundle", bundlePath, "--id", containerId, "--log", ShimPaths.LogFile(bundlePath, containerId),
            "--exit-file", paths.ExitFile, "--socket", paths.Socket];
        if (tty) args.Add("--tty");
        if (openStdin && !tty) args.Add("--stdin");
        var (code, stdout, stderr) = Execute([.. args]);
        if (code != 0)
        {
            Directory.Delete(paths.Directory, recursive: true);
            throw new ContainerRuntimeException(stderr.Trim() is { Length: > 0 } reason ? reason : $"bock-oci shim exited with {code}");
        }
        File.WriteAllText(paths.PidFile, stdout.Trim());
        HoldShim();
    }

    /// <summary>
    /// Keeps the shim that now serves the root from exiting when its containers have: the next create and every delete
    /// are then requests to it, not process starts. It exits once we do (our connection closes) and its last container
    /// has finished. Best effort: without a hold, the next create starts a shim through bock-oci, as before.
    /// </summary>
    private void HoldShim()
    {
        lock (_holdLock)
        {
            // Readable means end of stream here: the shim sends nothing after its "ok".
            if (_hold is not null && !_hold.Poll(0, System.Net.Sockets.SelectMode.SelectRead)) return;
            _hold?.Dispose();
            _hold = null;
            try
            {
                _hold = ShimGroupClient.Hold(_options.OciRoot);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or Bock.Kernel.Native.KernelException)
            {
                // The shim went away between the create and now: the next create starts one.
            }
        }
    }

    public void Start(string containerId) => ShimRequest(containerId, "start");

    public void Kill(string containerId, int signal) => ShimRequest(containerId, $"kill {signal}");

    public void Pause(string containerId) => Run("pause", containerId);

    public void Resume(string containerId) => Run("resume", containerId);

    public void Delete(string containerId, bool force)
    {
        if (force) Run("delete", "--force", containerId);
        else if (!ShimGroupClient.TryDelete(_options.OciRoot, containerId)) Run("delete", containerId);
        var paths = _options.PathsOf(containerId);
        // A forced delete kills init: its shim records that exit, and must be done before its directory goes.
        WaitUntilNoShimServes(paths);
        if (Directory.Exists(paths.Directory)) Directory.Delete(paths.Directory, recursive: true);
    }

    public RuntimeState State(string containerId)
    {
        var paths = _options.PathsOf(containerId);
        try
        {
            return ParseState(containerId, ShimClient.Request(paths.Socket, "state", _options.CommandTimeout));
        }
        catch (SocketException)
        {
            // No shim: the container has exited (bock-oci still has its record) or does not exist.
        }
        // What bock-oci state would answer, known without starting it: no record (<root>/<id>/state.json) is no
        // container, and an exit file of this incarnation (create clears the shim's directory) means init has exited
        // and was reaped. A new container is the first case, and a short-lived one is usually the second by the time
        // its start is acknowledged: both were a process start each on `run`'s path.
        if (IsPlainId(containerId))
        {
            if (!File.Exists(Path.Combine(_options.OciRoot, containerId, "state.json"))) return RuntimeState.Absent(containerId);
            if (File.Exists(paths.ExitFile)) return new RuntimeState(containerId, RuntimeStatus.Stopped, 0);
        }
        var (code, stdout, stderr) = Execute("state", containerId);
        if (code != 0)
            return stderr.Contains("does not exist") ? RuntimeState.Absent(containerId) : throw new ContainerRuntimeException(stderr.Trim());
        return ParseState(containerId, stdout);
    }

    /// <summary>The shim's <c>wait</c>; the exit file when the shim is already gone (the container exited while nobody listened).</summary>
    public async Task<ContainerExit> WaitForExitAsync(string containerId, CancellationToken cancellationToken)
    {
        var paths = _options.PathsOf(containerId);
        try
        {
            return ParseExit(await ShimClient.RequestAsync(paths.Socket, "wait", cancellationToken));
        }
        catch (SocketException)
        {
            // The shim exits right after writing the exit file and answering: read what it wrote.
        }
        if (File.Exists(paths.ExitFile))
            return ParseExit(await File.ReadAllTextAsync(paths.ExitFile, cancellationToken));
        throw new ContainerRuntimeException($"container {containerId} has no shim and no exit file: its shim died");
    }

    public async Task<ExecResult> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(_options.PathsOf(containerId).Directory, $"exec-{Guid.NewGuid():N}.pid");
        var start = new ProcessStartInfo(_options.BinaryPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in ExecArguments(containerId, request, pidFile)) start.ArgumentList.Add(arg);
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

    /// <summary>
    /// bock-oci's arguments for running <paramref name="request"/> in the container (without a terminal unless
    /// <paramref name="consoleSocket"/> is given): the API's exec endpoints start the process themselves, with their
    /// own stdio.
    /// </summary>
    /// <param name="processFile">A process.json from <see cref="WriteExecProcess"/>: it replaces the request's command line.</param>
    public IReadOnlyList<string> ExecArguments(string containerId, ExecRequest request, string pidFile, string? consoleSocket = null, string? processFile = null)
    {
        List<string> args = ["--root", _options.OciRoot, "exec", "--pid-file", pidFile];
        if (consoleSocket is not null) args.AddRange(["--tty", "--console-socket", consoleSocket]);
        if (processFile is not null)
        {
            args.AddRange(["--process", processFile, containerId]);
            return args;
        }
        foreach (var variable in request.Env) args.AddRange(["--env", variable]);
        if (request.User is { Length: > 0 } user) args.AddRange(["--user", user]);
        foreach (var gid in request.AdditionalGids) args.AddRange(["--additional-gids", gid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (request.WorkingDir is { Length: > 0 } cwd) args.AddRange(["--cwd", cwd]);
        args.Add(containerId);
        args.AddRange(request.Args);
        return args;
    }

    /// <summary>
    /// Writes the process of a terminal exec as process.json: the container's own process with the request applied
    /// (as bock-oci exec applies its options) and the terminal's size, which init sets before it execs. A resize
    /// after the start would race the program's first look at its terminal.
    /// </summary>
    public static void WriteExecProcess(string bundlePath, ExecRequest request, ushort rows, ushort columns, string path)
    {
        RuntimeSpec spec;
        try
        {
            spec = SpecLoader.LoadBundle(bundlePath);
        }
        catch (SpecException e)
        {
            throw new ContainerRuntimeException(e.Message);
        }
        var process = spec.Process ?? throw new ContainerRuntimeException($"{bundlePath}/config.json has no process");
        var env = new List<string>(process.Env ?? []);
        foreach (var variable in request.Env)
        {
            var name = variable.Split('=', 2)[0];
            env.RemoveAll(e => e.Split('=', 2)[0] == name);
            env.Add(variable);
        }
        var user = process.User;
        if (request.User is { Length: > 0 } userText)
        {
            var parts = userText.Split(':');
            if (!uint.TryParse(parts[0], out var uid) || parts.Length > 1 && !uint.TryParse(parts[1], out _))
                throw new ContainerRuntimeException($"exec: user \"{userText}\": expected UID[:GID] as numbers");
            user = user with
            {
                Uid = uid,
                Gid = parts.Length > 1 ? uint.Parse(parts[1]) : user.Gid,
                AdditionalGids = request.AdditionalGids.Count > 0 ? [.. request.AdditionalGids] : user.AdditionalGids,
            };
        }
        process = process with
        {
            Args = request.Args,
            Env = env,
            User = user,
            Cwd = request.WorkingDir is { Length: > 0 } cwd ? cwd : process.Cwd,
            Terminal = true,
            ConsoleSize = new ConsoleSizeSpec { Height = rows, Width = columns },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(process, SpecJsonContext.Default.ProcessSpec));
    }

    /// <summary>The container's stdio flags from its bundle's config.json.</summary>
    public static ContainerIoFlags ReadIoFlags(string bundlePath)
    {
        RuntimeSpec spec;
        try
        {
            spec = SpecLoader.LoadBundle(bundlePath);
        }
        catch (SpecException e)
        {
            throw new ContainerRuntimeException(e.Message);
        }
        bool Annotated(string name) => spec.Annotations is { } annotations && annotations.TryGetValue(name, out var value) && value == "true";
        return new ContainerIoFlags(spec.Process?.Terminal ?? false, Annotated(ContainerIoFlags.OpenStdinAnnotation), Annotated(ContainerIoFlags.StdinOnceAnnotation));
    }

    private void ShimRequest(string containerId, string request)
    {
        try
        {
            ShimClient.Request(_options.PathsOf(containerId).Socket, request, _options.CommandTimeout);
        }
        catch (SocketException)
        {
            throw new ContainerRuntimeException($"container {containerId} is not running (it has no shim)");
        }
    }

    /// <summary>
    /// Waits (bounded) until no shim serves the container at <paramref name="paths"/>: its socket is gone (the shim
    /// removes it last) or nobody listens on it (the shim died). Then it cannot remove a successor's socket.
    /// </summary>
    private static void WaitUntilNoShimServes(ShimPaths paths)
    {
        var deadline = DateTime.UtcNow + ShimExitGrace;
        while (File.Exists(paths.Socket) && ShimClient.IsListening(paths.Socket) && DateTime.UtcNow < deadline)
            Thread.Sleep(1); // a container's socket goes within a few ms of its exit: a coarser poll was the slowest step of a removal
    }

    /// <summary>An id bock-oci accepts (its ContainerDirectory's alphabet), so that it names a directory of the root.</summary>
    private static bool IsPlainId(string id) =>
        id.Length is > 0 and <= 1024 && id is not ("." or "..") && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.');

    private static RuntimeState ParseState(string containerId, string json)
    {
        using var document = JsonDocument.Parse(json);
        var status = document.RootElement.GetProperty("status").GetString() switch
        {
            "creating" => RuntimeStatus.Creating,
            "created" => RuntimeStatus.Created,
            "running" => RuntimeStatus.Running,
            "paused" => RuntimeStatus.Paused,
            "stopped" => RuntimeStatus.Stopped,
            var other => throw new ContainerRuntimeException($"bock-oci state: unknown status \"{other}\""),
        };
        var pid = document.RootElement.TryGetProperty("pid", out var p) ? p.GetInt32() : 0;
        return new RuntimeState(containerId, status, pid);
    }

    /// <summary>The shim's exit record: <c>{"exitCode":N,"signal":N,"oomKilled":bool,"exitedAt":…}</c>, exitCode already shell-style.</summary>
    private static ContainerExit ParseExit(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new ContainerExit(root.GetProperty("exitCode").GetInt32(), root.TryGetProperty("oomKilled", out var oom) && oom.GetBoolean());
    }

    private void Run(params string[] args)
    {
        var (code, _, stderr) = Execute(args);
        if (code != 0)
            throw new ContainerRuntimeException(stderr.Trim() is { Length: > 0 } reason ? reason : $"bock-oci {args[0]} exited with {code}");
    }

    /// <remarks>
    /// Pipes are safe here even for <c>shim</c>: the detached shim and the container get /dev/null and pipes of their
    /// own, never these, so EOF comes when bock-oci exits.
    /// </remarks>
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
        start.ArgumentList.Add(_options.OciRoot);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new ContainerRuntimeException($"cannot start {_options.BinaryPath}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(_options.CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new ContainerRuntimeException($"bock-oci {args[0]} did not finish within {_options.CommandTimeout.TotalSeconds:0}s");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
