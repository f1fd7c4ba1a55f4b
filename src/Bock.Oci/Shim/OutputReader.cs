using Bock.Kernel.Native;

namespace Bock.Oci.Shim;

/// <summary>
/// Copies one of the container's output fds (a pipe, or the pty master) into the fanout as the event loop finds it
/// readable, until EOF. The fd stays open (the stdio owns it: a pty master is also the container's stdin).
/// </summary>
public sealed class OutputReader
{
    private readonly EventLoop _loop;
    private readonly int _fd;
    private readonly OutputStream _stream;
    private readonly OutputFanout _fanout;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ulong _token;

    private OutputReader(EventLoop loop, int fd, OutputStream stream, OutputFanout fanout)
    {
        _loop = loop;
        _fd = fd;
        _stream = stream;
        _fanout = fanout;
    }

    public static OutputReader Start(EventLoop loop, int fd, OutputStream stream, OutputFanout fanout)
    {
        var reader = new OutputReader(loop, fd, stream, fanout);
        reader._token = loop.Watch(fd, reader.OnReadable);
        return reader;
    }

    /// <summary>Completes at EOF, or once <see cref="Stop"/> gave up on it.</summary>
    public Task Ended => _ended.Task;

    /// <summary>No more reads: the output was drained, or a process the container left behind holds the pipe open.</summary>
    public void Stop()
    {
        _loop.Unwatch(_token);
        _ended.TrySetResult();
    }

    private bool OnReadable()
    {
        int n;
        try
        {
            // Level-triggered readiness: this read does not block, although a pipe is a blocking fd.
            n = Unistd.Read(_fd, _loop.Buffer);
        }
        catch (KernelException e) when (e.Errno == Unistd.EAGAIN)
        {
            return true;
        }
        catch (KernelException)
        {
            n = 0; // EIO from a pty master once the last slave fd closed: the terminal's end of file
        }
        if (n > 0)
        {
            _fanout.Publish(_stream, _loop.Buffer.AsSpan(0, n));
            return true;
        }
        _ended.TrySetResult();
        return false;
    }
}
