using Bock.Kernel.Native;
using Bock.Kernel.Terminal;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The shim's ends of the container's stdio: three pipes, or the pty master that init sends back with a terminal.
/// Every fd here is close-on-exec: a shim serves many containers, and only the ends passed to init as its 0-2 may
/// cross into a container.
/// </summary>
public sealed class ContainerStdio : IDisposable
{
    private static readonly TimeSpan StdinRetry = TimeSpan.FromMilliseconds(10);

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
        if (stdin.Write >= 0) Unistd.SetNonBlocking(stdin.Write);
        var stdout = Pipe.Create();
        var stderr = Pipe.Create();
        return new ContainerStdio([stdin.Read, stdout.Write, stderr.Write], stdin.Write,
            [(OutputStream.Stdout, stdout.Read), (OutputStream.Stderr, stderr.Read)], terminal: false);
    }

    /// <summary>With a terminal init opens the pty itself and sends the master back (<see cref="CreatedContainer.ConsoleFd"/>).</summary>
    public static ContainerStdio ForTerminal() => new([], -1, [], terminal: true);

    public IReadOnlyList<(OutputStream Stream, int Fd)> Outputs => _outputs;

    /// <summary>
    /// Runs <paramref name="create"/> with init's fds 0-2 (null with a terminal: init opens the pty itself and keeps
    /// the shim's /dev/null until then), then closes our copies of the container's ends so that EOF comes when the
    /// container's processes have closed theirs.
    /// </summary>
    public CreatedContainer WhileCreating(Func<IReadOnlyList<int>?, CreatedContainer> create)
    {
        try
        {
            return create(_terminal ? null : _containerEnds);
        }
        finally
        {
            foreach (var end in _containerEnds)
                Unistd.Close(end);
            _containerEnds = [];
        }
    }

    public void UseConsole(int masterFd)
    {
        if (masterFd < 0)
            throw new OciException("init sent no terminal although process.terminal is true");
        Unistd.SetNonBlocking(masterFd); // for WriteStdinAsync; the event loop reads it only when it is readable
        _stdin = masterFd;
        _outputs = [(OutputStream.Stdout, masterFd)];
    }

    /// <summary>
    /// Input from an attached client. Our end is non-blocking: a container that does not read its stdin makes this
    /// wait (asynchronously) instead of holding one of the few threads that serve every container of the shim.
    /// Errors are dropped: the container may have closed its stdin or exited.
    /// </summary>
    public async Task WriteStdinAsync(ReadOnlyMemory<byte> data)
    {
        while (data.Length > 0)
        {
            int written;
            lock (_stdinLock)
            {
                if (_stdin < 0) return;
                written = Unistd.TryWrite(_stdin, data.Span);
            }
            if (written == -Unistd.EAGAIN)
                await Task.Delay(StdinRetry);
            else if (written < 0)
                return;
            else
                data = data[written..];
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
