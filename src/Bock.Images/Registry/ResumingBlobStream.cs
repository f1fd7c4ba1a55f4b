namespace Bock.Images.Registry;

/// <summary>
/// A blob download's body that survives a connection cut off midway: it asks the registry again from where it stopped
/// (<c>Range: bytes=N-</c>) and carries on, so the blob store sees one unbroken stream and its digest check covers the
/// whole. At most <c>maxResumes</c> times; then the failure is the caller's.
/// </summary>
internal sealed class ResumingBlobStream(
    HttpResponseMessage first,
    Stream firstBody,
    Func<long, CancellationToken, Task<(HttpResponseMessage Response, Stream Body)>> reopen,
    int maxResumes,
    Func<int, TimeSpan> delay,
    Action<long, Exception>? resumed) : Stream
{
    private HttpResponseMessage _response = first;
    private Stream _body = firstBody;
    private long _position;
    private int _resumes;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                int n = await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _position += n;
                return n;
            }
            catch (Exception e) when (_resumes < maxResumes && !cancellationToken.IsCancellationRequested && RegistryClient.IsTransient(e))
            {
                _resumes++;
                resumed?.Invoke(_position, e);
                Release();
                await Task.Delay(delay(_resumes), cancellationToken).ConfigureAwait(false);
                (_response, _body) = await reopen(_position, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private void Release()
    {
        _body.Dispose();
        _response.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Release();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
