using Bock.Kernel.Native;
using Bock.Kernel.Terminal;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The shim's ends of the container's stdio: three pipes, or the pty master that init sends back with a terminal.
/// <para>
/// <c>ContainerLauncher</c> spawns init with the caller's own fds 0, 1 and 2 (as runc does), so for the duration of
/// <see cref="WhileCreating"/> the container's pipe ends stand in as the shim's stdio, and /dev/null is put back right
/// after. The shim writes nothing to its stdio (it is detached), so nothing of ours leaks into the container's streams.
/// </para>
/// </summary>
public sealed class ContainerStdio : IDisposable
{
    private readonly Lock _stdinLock = new();
    private int[] _containerEnds;
    private int _stdin;
    private List<(OutputStream Stream, int Fd)> _outputs;
    private readonly bool _terminal;

    private ContainerStdio(int[] containerEnds, int stdin, List<(OutputStream, int)> outputs, bool terminal)
    {
        _containerEnds = containerEnds;
        _stdin = stdin;
        _outputs = outputs;
        _terminal = terminal;
    }

    /// <param name="openStdin">false: the container reads /dev/null, so a program that reads stdin ends instead of waiting forever.</param>
    public static ContainerStdio WithPipes(bool openStdin)
    {
        var stdin = openStdin ? Pipe.Create() : (Read: Unistd.Open("/dev/null", Unistd.O_RDONLY), Write: -1);
        var stdout = Pipe.Create();
        var stderr = Pipe.Create();
        return new ContainerStdio([stdin.Read, stdout.Write, stderr.Write], stdin.Write,
            [(OutputStream.Stdout, stdout.Read), (OutputStream.Stderr, stderr.Read)], terminal: false);
    }

    /// <summary>With a terminal init opens the pty itself and sends the master back (<see cref="CreatedContainer.ConsoleFd"/>).</summary>
    public static ContainerStdio ForTerminal() => new([], -1, [], terminal: true);

    public IReadOnlyList<(OutputStream Stream, int Fd)> Outputs => _outputs;

    public CreatedContainer WhileCreating(Func<CreatedContainer> create)
    {
        for (var fd = 0; fd < _containerEnds.Length; fd++)
            Unistd.Dup2(_containerEnds[fd], fd);
        try
        {
            return create();
        }
        finally
        {
            var devNull = Unistd.Open("/dev/null", Unistd.O_RDWR);
            for (var fd = 0; fd < _containerEnds.Length; fd++)
                Unistd.Dup2(devNull, fd);
            Unistd.Close(devNull);
            foreach (var end in _containerEnds)
                Unistd.Close(end);
            _containerEnds = [];
        }
    }

    public void UseConsole(int masterFd)
    {
        if (masterFd < 0)
            throw new OciException("init sent no terminal although process.terminal is true");
        _stdin = masterFd;
        _outputs = [(OutputStream.Stdout, masterFd)];
    }

    /// <summary>Input from an attached client. Errors are dropped: the container may have closed its stdin or exited.</summary>
    public void WriteStdin(ReadOnlySpan<byte> data)
    {
        lock (_stdinLock)
        {
            if (_stdin < 0) return;
            try
            {
                Unistd.WriteAll(_stdin, data);
            }
            catch (KernelException)
            {
            }
        }
    }

    /// <summary>
    /// Docker's StdinOnce: the container sees EOF on its stdin pipe. A terminal is left open: closing the master
    /// would hang the container up, and its output goes through the same fd.
    /// </summary>
    public void CloseStdin()
    {
        lock (_stdinLock)
        {
            if (_terminal || _stdin < 0) return;
            Unistd.Close(_stdin);
            _stdin = -1;
        }
    }

    public void Resize(ushort rows, ushort columns)
    {
        if (!_terminal)
            throw new OciException("resize: the container has no terminal");
        Pty.SetSize(_stdin, rows, columns);
    }

    public void Dispose()
    {
        lock (_stdinLock)
        {
            if (!_terminal && _stdin >= 0) Unistd.Close(_stdin);
            foreach (var (_, fd) in _outputs) Unistd.Close(fd);
            _stdin = -1;
            _outputs = [];
        }
    }
}
