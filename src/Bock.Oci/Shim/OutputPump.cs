using Bock.Kernel.Native;

namespace Bock.Oci.Shim;

/// <summary>A thread that copies one of the container's output fds (a pipe, or the pty master) into the fanout until EOF.</summary>
public sealed class OutputPump
{
    private readonly int _fd;
    private readonly OutputStream _stream;
    private readonly OutputFanout _fanout;
    private readonly Thread _thread;

    private OutputPump(int fd, OutputStream stream, OutputFanout fanout)
    {
        _fd = fd;
        _stream = stream;
        _fanout = fanout;
        _thread = new Thread(Copy) { IsBackground = true, Name = $"pump-{stream}" };
    }

    public static OutputPump Start(int fd, OutputStream stream, OutputFanout fanout)
    {
        var pump = new OutputPump(fd, stream, fanout);
        pump._thread.Start();
        return pump;
    }

    /// <summary>
    /// Waits for EOF. Bounded: without a pid namespace a process the container left behind can hold the pipe open
    /// after init exits, and the exit status must not wait for it.
    /// </summary>
    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void Copy()
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int n;
            while ((n = Unistd.Read(_fd, buffer)) > 0)
                _fanout.Publish(_stream, buffer.AsSpan(0, n));
        }
        catch (KernelException)
        {
            // EIO from a pty master once the last slave fd closed: the terminal's end of file.
        }
    }
}
