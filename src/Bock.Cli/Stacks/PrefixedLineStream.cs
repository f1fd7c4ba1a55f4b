using System.Text;

namespace Bock.Cli.Stacks;

/// <summary>
/// A write-only stream that cuts a container's output into lines and writes each, with its prefix, to a writer
/// shared by every container shown. Whole lines only reach the writer (under its lock), so the outputs of several
/// containers never mix inside one line; a last line without its newline is written at <see cref="Flush"/>-on-end.
/// </summary>
internal sealed class PrefixedLineStream(TextWriter output, Lock gate, string prefix) : Stream
{
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var newline = buffer.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _pending.Write(buffer);
                return;
            }
            _pending.Write(buffer[..newline]);
            EmitPending();
            buffer = buffer[(newline + 1)..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    /// <summary>The stream ended: a last line without a newline is still a line.</summary>
    public void End()
    {
        if (_pending.Length > 0) EmitPending();
    }

    private void EmitPending()
    {
        var line = Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length).TrimEnd('\r');
        _pending.SetLength(0);
        lock (gate)
        {
            output.Write(prefix);
            output.WriteLine(line);
            output.Flush();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
