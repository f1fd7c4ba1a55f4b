using Bock.Kernel.Spec;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// One container in a shim: created as the shim's child, its output read by the shared event loop into the log and
/// to attached clients, its socket served, and its exit recorded. What a container costs the shim is this object,
/// its fds and small buffers, not a process or a thread.
/// </summary>
public sealed class ShimSession
{
    /// <summary>Output that is still in the pipes when init exits is drained for at most this long.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private readonly ShimOptions _options;
    private readonly ShimContainer _container;
    private readonly ContainerStdio _stdio;
    private readonly OutputFanout _fanout;
    private readonly ShimServer _server;
    private readonly List<OutputReader> _readers;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ShimSession(ShimOptions options, ShimContainer container, ContainerStdio stdio, OutputFanout fanout, ShimServer server,
        List<OutputReader> readers)
    {
        _options = options;
        _container = container;
        _stdio = stdio;
        _fanout = fanout;
        _server = server;
        _readers = readers;
    }

    public string Id => _options.Id;

    /// <summary>Completes once the exit is recorded, clients are let go and the container's fds are closed.</summary>
    public Task Finished => _finished.Task;

    /// <summary>
    /// Creates the container; on failure throws and leaves nothing behind (no state, cgroup, process or socket). Not
    /// concurrently with another create in this process: the socket is bound under a process-wide umask.
    /// </summary>
    public static ShimSession Create(ShimOptions options, EventLoop loop)
    {
        var spec = SpecLoader.LoadBundle(options.Bundle);
        if (spec.Process?.Terminal != options.Tty)
            throw new OciException($"--tty must match process.terminal ({spec.Process?.Terminal ?? false}) in the bundle's config.json");
        var stdio = options.Tty ? ContainerStdio.ForTerminal() : ContainerStdio.WithPipes(options.OpenStdin);
        try
        {
            var created = stdio.WhileCreating(ends => ContainerLauncher.Create(
                new CreateOptions(options.Root, options.Id, options.Bundle) { PidFile = options.PidFile, Stdio = ends }));
            OutputFanout? fanout = null;
            ShimServer? server = null;
            List<OutputReader> readers = [];
            try
            {
                if (options.Tty) stdio.UseConsole(created.ConsoleFd);
                var container = new ShimContainer(created);
                fanout = new OutputFanout(new JsonFileLog(options.LogFile), framed: !options.Tty);
                server = ShimServer.Listen(options.SocketPath, container, fanout, stdio);
                foreach (var (stream, fd) in stdio.Outputs)
                    readers.Add(OutputReader.Start(loop, fd, stream, fanout));
                var session = new ShimSession(options, container, stdio, fanout, server, readers);
                container.WatchExit(loop, session.OnExited);
                return session;
            }
            catch
            {
                foreach (var reader in readers) reader.Stop();
                server?.ShutdownAsync(TimeSpan.Zero).GetAwaiter().GetResult();
                fanout?.Close();
                // Init is our child: reap it here, or it stays a zombie for as long as the shim serves others.
                ContainerLauncher.KillAndReap(created.Record.Pid);
                ContainerOps.Delete(created.Directory, force: true);
                throw;
            }
        }
        catch
        {
            stdio.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Readies the container for a delete (without --force): waits until its exit is recorded and its socket gone (not
    /// for its connections' last answers, which may take up to the shutdown grace). A
    /// created container's init only waits on its fifo: it is killed, as runc's delete does; a running or paused one
    /// is refused.
    /// </summary>
    /// <exception cref="OciException">The container is running or paused.</exception>
    public async Task StopForDeleteAsync()
    {
        if (!_container.HasExited)
        {
            var status = _container.Status();
            if (status is ContainerStatus.Running or ContainerStatus.Paused)
                throw new OciException($"cannot delete container {Id} that is not stopped: {status}");
            if (status == ContainerStatus.Created)
            {
                try
                {
                    _container.Kill(Signals.SIGKILL);
                }
                catch (OciException)
                {
                    // It exited meanwhile.
                }
            }
        }
        await _released.Task;
    }

    /// <summary>On the event loop's thread: the rest is done off it, since it waits for the output to drain.</summary>
    private void OnExited(int status) => _ = Task.Run(() => FinishAsync(status));

    private async Task FinishAsync(int status)
    {
        try
        {
            await Task.WhenAny(Task.WhenAll(_readers.Select(r => r.Ended)), Task.Delay(DrainTimeout));
            // Without a pid namespace a process the container left behind can hold a pipe open: it is not waited for.
            foreach (var reader in _readers) reader.Stop();
            _fanout.Close();
            var exit = new ExitRecord(ExitStatus.ToExitCode(status), ExitStatus.Exited(status) ? 0 : ExitStatus.Signal(status),
                _container.WasOomKilled(), Rfc3339.Format(DateTime.UtcNow));
            try
            {
                ExitFile.Write(_options.ExitFile, exit);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Waiters still get the exit below; a later daemon finds no exit file and reports the shim as lost.
                Log.Error($"shim {_options.Id}: cannot write the exit file: {e.Message}");
            }
            _container.Complete(exit);
            _fanout.Disconnect();
            // Its synchronous part removes the socket: from then on nothing of the container's is left to a delete.
            var shutdown = _server.ShutdownAsync(ShutdownGrace);
            _released.TrySetResult();
            await shutdown;
        }
        finally
        {
            _stdio.Dispose();
            _released.TrySetResult();
            _finished.TrySetResult();
        }
    }
}
