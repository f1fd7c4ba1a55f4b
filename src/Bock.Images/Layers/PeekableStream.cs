namespace Bock.Images.Layers;

/// <summary>A read-only stream whose first bytes can be looked at before they are read.</summary>
internal sealed class PeekableStream(Stream inner) : Stream
{
    private byte[] _pending = [];
    private int _offset;

    public int Peek(Span<byte> into)
    {
        byte[] buffer = new byte[into.Length];
        int total = 0;
        while (total < buffer.Length)
        {
            int n = inner.Read(buffer, total, buffer.Length - total);
            if (n == 0)
                break;
            total += n;
        }
        _pending = buffer[..total];
        _offset = 0;
        buffer.AsSpan(0, total).CopyTo(into);
        return total;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset < _pending.Length)
        {
            int n = Math.Min(buffer.Length, _pending.Length - _offset);
            _pending.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }
        return inner.Read(buffer);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
