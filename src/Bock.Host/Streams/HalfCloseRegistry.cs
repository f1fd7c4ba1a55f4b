using System.Collections.Concurrent;

namespace Bock.Host.Streams;

/// <summary>
/// How a hijacked connection's endpoint learns that its client half-closed, which <see cref="ApiSocketRelay"/> keeps
/// from Kestrel: the relay names each hijack in a request header (<see cref="Header"/>), counts the bytes it passes
/// on after the head, and marks the end here when the client's FIN arrives. <see cref="HalfClosableStream"/> then
/// reads to that count and returns EOF.
/// </summary>
public sealed class HalfCloseRegistry
{
    public const string Header = "X-Bock-Relay-Connection";

    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private long _next;

    public sealed class Entry
    {
        private long _forwarded;
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Forwarded => Interlocked.Read(ref _forwarded);
        public Task Ended => _ended.Task;

        public void Add(int bytes) => Interlocked.Add(ref _forwarded, bytes);

        /// <summary>The client sent its FIN: every byte it sent has been counted.</summary>
        public void End() => _ended.TrySetResult();

        private readonly CancellationTokenSource _gone = new();

        /// <summary>Cancelled when the client has closed the connection entirely (or the relay ended it).</summary>
        public CancellationToken Gone => _gone.Token;

        public void Hangup()
        {
            try { _gone.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }

    public (long Id, Entry Entry) Register()
    {
        var id = Interlocked.Increment(ref _next);
        var entry = new Entry();
        _entries[id] = entry;
        return (id, entry);
    }

    public Entry? Find(long id) => _entries.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>Forgets the hijack; anyone still bridging it is told that its client is gone.</summary>
    public void Remove(long id)
    {
        if (_entries.TryRemove(id, out var entry)) entry.Hangup();
    }
}
