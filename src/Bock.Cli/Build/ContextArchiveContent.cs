using System.Net;
using System.Net.Http.Headers;

namespace Bock.Cli.Build;

/// <summary>The request body of <c>POST /build</c>: the context tar, written as it is walked (chunked, no length).</summary>
internal sealed class ContextArchiveContent : HttpContent
{
    private readonly ContextArchive _archive;

    public ContextArchiveContent(ContextArchive archive)
    {
        _archive = archive;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _archive.WriteAsync(stream, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _archive.WriteAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
