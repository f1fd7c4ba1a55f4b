using Bock.Kernel.Native;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// One thread on one epoll for every container a shim serves: their output fds and the pidfds that tell of their
/// exits. A thread per stream per container would cost a stack and a managed thread each (the shim's memory budget
/// per container is a few KiB). Callbacks run on the loop thread under its lock, so once <see cref="Unwatch"/>
/// returns no callback for that watch runs and its fd may be closed without racing a read.
/// </summary>
public sealed class EventLoop
{
    /// <summary>Shared by the callbacks (they run one at a time): what they read is copied out before they return.</summary>
    public byte[] Buffer { get; } = new byte[32 * 1024];

    private readonly int _epoll = Epoll.Create();
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, (int Fd, Func<bool> OnReady)> _watches = [];
    private ulong _lastToken;

    public static EventLoop Start()
    {
        var loop = new EventLoop();
        new Thread(loop.Run) { IsBackground = true, Name = "events" }.Start();
        return loop;
    }

    /// <summary>Calls <paramref name="onReady"/> whenever <paramref name="fd"/> is readable (or hung up) until it returns false.</summary>
    public ulong Watch(int fd, Func<bool> onReady)
    {
        lock (_lock)
        {
            var token = ++_lastToken;
            _watches[token] = (fd, onReady);
            Epoll.Add(_epoll, fd, Epoll.EPOLLIN, token);
            return token;
        }
    }

    public void Unwatch(ulong token)
    {
        lock (_lock)
        {
            if (_watches.Remove(token, out var watch))
                Epoll.Remove(_epoll, watch.Fd);
        }
    }

    private void Run()
    {
        Span<(uint Events, ulong Data)> ready = new (uint, ulong)[64];
        while (true)
        {
            var n = Epoll.Wait(_epoll, ready);
            for (var i = 0; i < n; i++)
            {
                lock (_lock)
                {
                    // Unwatched after epoll_wait returned: its fd may be closed already.
                    if (!_watches.TryGetValue(ready[i].Data, out var watch)) continue;
                    bool more;
                    try
                    {
                        more = watch.OnReady();
                    }
                    catch (Exception e)
                    {
                        // A bug in one container's handling must not stop the others': that watch ends.
                        Log.Error($"shim: {e}");
                        more = false;
                    }
                    if (!more) Unwatch(ready[i].Data);
                }
            }
        }
    }
}
