using System.Net;
using System.Net.Sockets;
using System.Text;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Registry;

/// <summary>Transient failures of idempotent requests are tried again, with backoff; permanent ones are not.</summary>
public sealed class RegistryRetryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RegistryOptions Fast(FakeRegistryHandler handler) =>
        new() { Handler = handler, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(20) };

    private static int Count(FakeRegistryHandler handler, string pathEnd)
    {
        lock (handler.Requests)
            return handler.Requests.Count(r => r.RequestUri!.AbsolutePath.EndsWith(pathEnd, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failing_twice_then_succeeding_still_pulls_the_image()
    {
        var image = RegistryClientLogicTests.SmallImage();
        string configDigest = Digest.Compute(image.Config);
        int manifestTries = 0, configTries = 0, layerTries = 0;
        var handler = new FakeRegistryHandler(request =>
        {
            string path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/manifests/v1"))
            {
                switch (Interlocked.Increment(ref manifestTries))
                {
                    case 1:
                        return FakeRegistryHandler.Status(HttpStatusCode.ServiceUnavailable);
                    case 2:
                        var limited = FakeRegistryHandler.Status(HttpStatusCode.TooManyRequests);
                        limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
                        return limited;
                }
                return FakeRegistryHandler.Bytes(image.Manifest, MediaTypes.DockerManifest);
            }
            if (path.EndsWith(configDigest))
            {
                if (Interlocked.Increment(ref configTries) <= 2)
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection reset by peer", new SocketException((int)SocketError.ConnectionReset));
                return FakeRegistryHandler.Bytes(image.Config);
            }
            if (path.EndsWith(image.LayerDigest))
            {
                return Interlocked.Increment(ref layerTries) switch
                {
                    // the body breaks off halfway, as when a connection drops mid-download
                    1 => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(image.Layer, image.Layer.Length / 2)) },
                    2 => FakeRegistryHandler.Status(HttpStatusCode.BadGateway),
                    _ => Partial(image.Layer, request),
                };
            }
            return FakeRegistryHandler.Status(HttpStatusCode.NotFound);
        });
        using var client = new RegistryClient(Fast(handler));
        var store = new ImageStore(_dir.Path);
        var notes = new List<string>();
        Image pulled = await client.PullAsync(store, ImageReference.Parse("localhost:5000/flaky:v1"), new PullOptions { Note = n => { lock (notes) notes.Add(n); } });

        Assert.Equal(image.ManifestDigest, pulled.ManifestDigest);
        Assert.Equal((3, 3, 3), (Count(handler, "/manifests/v1"), Count(handler, configDigest), Count(handler, image.LayerDigest)));
        Assert.True(store.Blobs.Exists(image.LayerDigest));
        Assert.Contains(notes, n => n.Contains(image.LayerDigest) && n.Contains("interrupted"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, "content", "ingest")));
        // the download went on from where it broke off
        HttpRequestMessage last;
        lock (handler.Requests)
            last = handler.Requests.Last(r => r.RequestUri!.AbsolutePath.EndsWith(image.LayerDigest, StringComparison.Ordinal));
        Assert.Equal(image.Layer.Length / 2, Assert.Single(last.Headers.Range!.Ranges).From);
    }

    [Fact]
    public async Task A_resumed_download_is_right_even_when_the_registry_ignores_range()
    {
        var image = RegistryClientLogicTests.SmallImage();
        int layerTries = 0;
        var handler = new FakeRegistryHandler(request =>
        {
            string path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/manifests/v1"))
                return FakeRegistryHandler.Bytes(image.Manifest, MediaTypes.DockerManifest);
            if (path.EndsWith(Digest.Compute(image.Config)))
                return FakeRegistryHandler.Bytes(image.Config);
            if (path.EndsWith(image.LayerDigest))
                return Interlocked.Increment(ref layerTries) == 1
                    ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(image.Layer, 1000)) }
                    : FakeRegistryHandler.Bytes(image.Layer); // all of it again, from byte 0
            return FakeRegistryHandler.Status(HttpStatusCode.NotFound);
        });
        using var client = new RegistryClient(Fast(handler));
        var store = new ImageStore(_dir.Path);
        await client.PullAsync(store, ImageReference.Parse("localhost:5000/norange:v1"));
        Assert.Equal(image.Layer, store.Blobs.ReadAllBytes(image.LayerDigest));
        Assert.Equal(2, layerTries);
    }

    private static HttpResponseMessage Partial(byte[] data, HttpRequestMessage request)
    {
        if (request.Headers.Range?.Ranges.Single().From is not long from)
            return FakeRegistryHandler.Bytes(data);
        var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(data[(int)from..]) };
        response.Content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(from, data.Length - 1, data.Length);
        return response;
    }

    [Fact]
    public async Task A_permanent_404_is_asked_exactly_once()
    {
        var handler = new FakeRegistryHandler(_ => FakeRegistryHandler.Status(HttpStatusCode.NotFound));
        using var client = new RegistryClient(Fast(handler));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(new ImageStore(_dir.Path), ImageReference.Parse("localhost:5000/absent:v1")));
        Assert.Equal(RegistryErrorKind.ManifestUnknown, e.Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_registry_that_stays_broken_is_given_up_after_the_configured_tries()
    {
        var handler = new FakeRegistryHandler(_ => FakeRegistryHandler.Status(HttpStatusCode.ServiceUnavailable));
        using var client = new RegistryClient(Fast(handler) with { MaxAttempts = 4 });
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(new ImageStore(_dir.Path), ImageReference.Parse("localhost:5000/down:v1")));
        Assert.Contains("localhost:5000", e.Message);
        Assert.Contains("503", e.Message);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task Uploads_are_not_retried()
    {
        var store = new ImageStore(_dir.Path);
        Image image = await TestImages.BuildBusyboxAsync(store);
        // only the config is missing: its upload start (POST) fails with a 500
        var post = new FakeRegistryHandler(request =>
            request.Method == HttpMethod.Head && !request.RequestUri!.AbsolutePath.EndsWith(image.ConfigDigest)
                ? FakeRegistryHandler.Status(HttpStatusCode.OK)
                : request.Method == HttpMethod.Head ? FakeRegistryHandler.Status(HttpStatusCode.NotFound)
                : FakeRegistryHandler.Status(HttpStatusCode.InternalServerError));
        using (var client = new RegistryClient(Fast(post)))
            await Assert.ThrowsAsync<RegistryException>(() => client.PushAsync(store, image, ImageReference.Parse("localhost:5000/up:v1")));
        Assert.Single(post.Requests, r => r.Method == HttpMethod.Post);

        // every blob is there: the manifest PUT fails with a 503
        var put = new FakeRegistryHandler(request => request.Method == HttpMethod.Head
            ? FakeRegistryHandler.Status(HttpStatusCode.OK)
            : FakeRegistryHandler.Status(HttpStatusCode.ServiceUnavailable));
        using (var client = new RegistryClient(Fast(put)))
            await Assert.ThrowsAsync<RegistryException>(() => client.PushAsync(store, image, ImageReference.Parse("localhost:5000/up:v1")));
        Assert.Single(put.Requests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public void Backoff_doubles_honours_retry_after_and_is_capped()
    {
        using var client = new RegistryClient(new RegistryOptions { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(10) });
        TimeSpan third = client.RetryDelay(3, null);
        Assert.InRange(third.TotalSeconds, 3.2, 4.8);
        Assert.Equal(TimeSpan.FromSeconds(7), client.RetryDelay(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(10), client.RetryDelay(1, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromSeconds(10), client.RetryDelay(10, null));
    }

    [Fact]
    public async Task Schema1_manifest_is_refused_clearly_naming_registry_and_repository()
    {
        byte[] schema1 = Encoding.UTF8.GetBytes("""
            {"schemaVersion":1,"name":"old/app","tag":"v1","architecture":"amd64","fsLayers":[{"blobSum":"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"}],
             "history":[{"v1Compatibility":"{}"}],"signatures":[]}
            """);
        var handler = new FakeRegistryHandler(_ => FakeRegistryHandler.Bytes(schema1, MediaTypes.DockerSchema1SignedManifest));
        using var client = new RegistryClient(Fast(handler));
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(new ImageStore(_dir.Path), ImageReference.Parse("registry.example/old/app:v1")));
        Assert.Equal(RegistryErrorKind.Unsupported, e.Kind);
        Assert.Contains("registry registry.example, repository old/app", e.Message);
        Assert.Contains("schema1 is deprecated and not supported", e.Message);
        // without a media type the document's schemaVersion says it
        var untyped = new FakeRegistryHandler(_ => FakeRegistryHandler.Bytes(schema1));
        using var other = new RegistryClient(Fast(untyped));
        e = await Assert.ThrowsAsync<RegistryException>(() => other.GetManifestAsync(ImageReference.Parse("registry.example/old/app:v1")));
        Assert.Contains("schema1", e.Message);
        Assert.Single(untyped.Requests);
    }

    /// <summary>Gives out <c>cut</c> bytes, then fails as a connection that ended early does.</summary>
    private sealed class BreakingStream(byte[] data, int cut) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, cut - _position);
            if (n <= 0)
                throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely");
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

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
}
