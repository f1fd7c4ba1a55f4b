using Bock.Kernel.Terminal;

namespace Bock.Host.Exec;

/// <summary>
/// One <c>docker exec</c>: its configuration from create, then its process once started. The task that runs the
/// process is the only writer; readers (inspect, resize) see a consistent snapshot through the lock.
/// </summary>
public sealed class ExecInstance(string id, string containerId, ExecCreateRequest config)
{
    private readonly Lock _lock = new();
    private bool _started;
    private bool _running;
    private int? _exitCode;
    private int _pid;
    private int _masterFd = -1;

    public string Id => id;
    public string ContainerId => containerId;
    public ExecCreateRequest Config => config;

    /// <summary>Claims the one start an exec may have; false if it was started before.</summary>
    public bool TryStart()
    {
        lock (_lock)
        {
            if (_started) return false;
            _started = _running = true;
            return true;
        }
    }

    public void Running(int pid, int masterFd)
    {
        lock (_lock)
        {
            _pid = pid;
            _masterFd = masterFd;
        }
    }

    public void Exited(int exitCode)
    {
        lock (_lock)
        {
            _running = false;
            _exitCode = exitCode;
            _masterFd = -1;
        }
    }

    /// <summary>Resizes the exec's terminal; false if it has none (or has ended).</summary>
    public bool Resize(ushort rows, ushort columns)
    {
        lock (_lock)
        {
            if (_masterFd < 0) return false;
            Pty.SetSize(_masterFd, rows, columns);
            return true;
        }
    }

    public ExecInspectResponse Inspect()
    {
        lock (_lock)
        {
            var cmd = config.Cmd ?? [];
            return new ExecInspectResponse
            {
                Id = id,
                ContainerId = containerId,
                Running = _running,
                ExitCode = _exitCode,
                Pid = _running ? _pid : 0,
                OpenStdin = config.AttachStdin,
                OpenStdout = config.AttachStdout,
                OpenStderr = config.AttachStderr,
                DetachKeys = config.DetachKeys ?? "",
                ProcessConfig = new ExecProcessConfigDto
                {
                    Entrypoint = cmd.Count > 0 ? cmd[0] : "",
                    Arguments = [.. cmd.Skip(1)],
                    Tty = config.Tty,
                    User = config.User ?? "",
                    Privileged = config.Privileged,
                },
            };
        }
    }
}
