namespace Bock.Host.Streams;

/// <summary>
/// The input side of a relayed hijack: reads from Kestrel's upgraded stream, and returns EOF once the relay has seen
/// the client's FIN and every byte the client sent before it has been read.
/// </summary>
public sealed class HalfClosableStream(Stream inner, HalfCloseRegistry.Entry halfClose) : Stream
{
    private long _read;
    private Task<int>? _pending;
    private CancellationTokenSource? _pendingCancel;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (true)
        {
            if (halfClose.Ended.IsCompleted && _read >= halfClose.Forwarded && _pending is null)
                return 0;
            if (_pending is null)
            {
                _pendingCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
                _pending = inner.ReadAsync(buffer, _pendingCancel.Token).AsTask();
            }
            var done = await Task.WhenAny(_pending, halfClose.Ended.WaitAsync(ct));
            if (done == _pending || _read < halfClose.Forwarded)
            {
                int n;
                try
                {
                    n = await _pending;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    n = 0;
                }
                finally
                {
                    _pending = null;
                    _pendingCancel?.Dispose();
                    _pendingCancel = null;
                }
                _read += n;
                if (n > 0 || !halfClose.Ended.IsCompleted) return n;
                continue;
            }
            // The client is done and everything it sent has been read: the pending read can only wait forever.
            await _pendingCancel!.CancelAsync();
            try
            {
                var n = await _pending;
                _read += n;
                if (n > 0) return n;
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _pending = null;
                _pendingCancel.Dispose();
                _pendingCancel = null;
            }
        }
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        await ReadAsync(buffer.AsMemory(offset, count), ct);

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
