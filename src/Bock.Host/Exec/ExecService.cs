using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Bock.Actors.Kernel;
using Bock.Host.Containers;
using Bock.Kernel.Spec;
using Bock.Kernel.Terminal;
using Microsoft.Win32.SafeHandles;

namespace Bock.Host.Exec;

/// <summary>
/// <c>docker exec</c>: exec instances by id, and their processes, which run as <c>bock-oci exec</c> children of bockd
/// with pipes, or with <c>--tty --console-socket</c> and the pty master received here. Health checks do not come
/// here: they go through the kernel pool (<see cref="IContainerRuntime.ExecAsync"/>).
/// </summary>
/// <remarks>
/// The table is a concurrent dictionary rather than an actor: an exec's state is written by the one task running its
/// process, and nothing here touches the kernel. Instances of removed containers are pruned at the next exec create.
/// </remarks>
public sealed class ExecService(IContainerRuntime runtime, DaemonOptions options)
{
    private static readonly TimeSpan ConsoleTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ExecInstance> _execs = new();

    public ExecInstance Create(ContainerRecord container, ExecCreateRequest request)
    {
        var exec = new ExecInstance(RandomNumberGenerator.GetHexString(64, lowercase: true), container.Id, request);
        _execs[exec.Id] = exec;
        return exec;
    }

    public ExecInstance? Find(string id) => _execs.TryGetValue(id, out var exec) ? exec : null;

    /// <summary>Forgets the instances of containers that are gone, as Docker drops them with their container.</summary>
    public void Prune(IReadOnlyCollection<string> existingContainerIds)
    {
        var existing = existingContainerIds.ToHashSet();
        foreach (var (id, exec) in _execs)
            if (!existing.Contains(exec.ContainerId))
                _execs.TryRemove(id, out _);
    }

    /// <summary>Starts the process. Its pid and (with a terminal) its pty are recorded on <paramref name="exec"/>.</summary>
    /// <exception cref="ContainerRuntimeException">bock-oci could not be started, or sent no terminal.</exception>
    public async Task<ExecSession> StartAsync(ExecInstance exec, ContainerRecord container, bool tty, IReadOnlyList<int>? consoleSize, CancellationToken ct)
    {
        if (runtime is not ShimContainerRuntime shims)
            throw new ContainerRuntimeException("exec needs bock-oci (this daemon runs a test runtime)");
        var directory = Path.Combine(options.RunRoot, "exec");
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var name = exec.Id[..16];
        var pidFile = Path.Combine(directory, name + ".pid");
        var consolePath = Path.Combine(directory, name + ".sock");
        var processFile = Path.Combine(directory, name + ".json");
        var config = exec.Config;
        var user = ResolveUser(config.User, container.BundlePath);
        var request = new ExecRequest(config.Cmd ?? [], Timeout.InfiniteTimeSpan)
        {
            Env = config.Env ?? [],
            User = user is null ? null : $"{user.Uid}:{user.Gid}",
            AdditionalGids = user?.AdditionalGids ?? [],
            WorkingDir = config.WorkingDir,
        };
        void Release()
        {
            File.Delete(pidFile);
            File.Delete(consolePath);
            File.Delete(processFile);
        }
        Socket? console = null;
        string? sizedProcess = null;
        if (tty && consoleSize is [var rows, var columns, ..] && rows is > 0 and <= ushort.MaxValue && columns is > 0 and <= ushort.MaxValue)
        {
            ShimContainerRuntime.WriteExecProcess(container.BundlePath, request, (ushort)rows, (ushort)columns, processFile);
            sizedProcess = processFile;
        }
        if (tty)
        {
            console = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            File.Delete(consolePath);
            console.Bind(new UnixDomainSocketEndPoint(consolePath));
            console.Listen(1);
        }
        var start = new ProcessStartInfo(shims.Options.BinaryPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in shims.ExecArguments(exec.ContainerId, request, pidFile, tty ? consolePath : null, sizedProcess))
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ContainerRuntimeException($"cannot start {start.FileName}");
        }
        catch (Exception e) when (e is not ContainerRuntimeException)
        {
            console?.Dispose();
            Release();
            throw new ContainerRuntimeException($"cannot start {start.FileName}: {e.Message}");
        }
        if (console is null)
        {
            exec.Running(await ReadPidAsync(pidFile, process), -1);
            return new ExecSession(process, process.StandardInput.BaseStream, process.StandardOutput.BaseStream,
                process.StandardError.BaseStream, null, Release);
        }
        using (console)
        {
            int master;
            try
            {
                master = await ReceiveMasterAsync(console, process, ct);
            }
            catch
            {
                var errors = await process.StandardError.ReadToEndAsync(CancellationToken.None);
                process.Dispose();
                Release();
                throw new ContainerRuntimeException(errors.Trim() is { Length: > 0 } reason ? reason : "bock-oci exec sent no terminal");
            }
            process.StandardInput.Close();
            exec.Running(await ReadPidAsync(pidFile, process), master);
            var terminal = new FileStream(new SafeFileHandle(master, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0, isAsync: false);
            return new ExecSession(process, terminal, terminal, null, terminal, Release);
        }
    }

    /// <summary>
    /// <c>exec -u name[:group]</c> as Docker resolves it: against the container's own /etc/passwd and /etc/group as
    /// it sees them now (its mounted root), with the user's supplementary groups; null keeps the container's user.
    /// </summary>
    /// <exception cref="ContainerRuntimeException">A name those files do not have (exec start then answers 126).</exception>
    private static UserDatabase.ResolvedUser? ResolveUser(string? user, string bundlePath)
    {
        if (string.IsNullOrEmpty(user)) return null;
        try
        {
            var root = SpecLoader.LoadBundle(bundlePath).Root?.Path ?? "rootfs";
            return UserDatabase.Resolve(user, [Path.IsPathRooted(root) ? root : Path.Combine(bundlePath, root)]);
        }
        catch (Exception e) when (e is FormatException or SpecException)
        {
            throw new ContainerRuntimeException(e.Message);
        }
    }

    /// <summary>bock-oci connects to the console socket and sends the pty master; it may fail before that, so its exit ends the wait too.</summary>
    private static async Task<int> ReceiveMasterAsync(Socket console, Process process, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(ConsoleTimeout);
        var accept = console.AcceptAsync(cts.Token).AsTask();
        if (await Task.WhenAny(accept, process.WaitForExitAsync(cts.Token)) != accept)
        {
            await cts.CancelAsync();
            throw new ContainerRuntimeException("bock-oci exec ended before it sent a terminal");
        }
        using var connection = await accept;
        return await Task.Run(() => ConsoleSocket.ReceiveMaster((int)connection.Handle).MasterFd, ct);
    }

    /// <summary>bock-oci writes the pid file once the process runs; 0 if it ended (or failed) first.</summary>
    private static async Task<int> ReadPidAsync(string pidFile, Process process)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
                return pid;
            if (process.HasExited) return 0;
            await Task.Delay(10);
        }
        return 0;
    }
}
