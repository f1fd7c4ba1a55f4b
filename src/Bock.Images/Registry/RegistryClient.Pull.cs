using System.Net.Http.Headers;
using System.Net;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Images.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Pulls <paramref name="reference"/> into <paramref name="store"/>: tag → manifest (an index is resolved to the
    /// wanted platform), then config and layers in parallel, each verified against its digest before it is stored;
    /// blobs already in the store are not fetched again. The name is tagged last.
    /// </summary>
    public async Task<Image> PullAsync(ImageStore store, ImageReference reference, PullOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PullOptions();
        string host = reference.RegistryHost;
        string repo = reference.Path;
        using IDisposable writer = store.WriterLock();

        ManifestDocument top = await GetManifestAsync(reference, null, cancellationToken).ConfigureAwait(false);
        ManifestDocument doc = top;
        if (top.Index is { } index)
        {
            Platform platform = options.Platform ?? Platform.Host;
            Descriptor chosen;
            try
            {
                chosen = index.SelectPlatform(platform, $"registry {host}, repository {repo}, {reference.ManifestReference}");
            }
            catch (ImageFormatException e)
            {
                throw new RegistryException(host, repo, RegistryErrorKind.ManifestUnknown, e.Message, e);
            }
            doc = await GetManifestAsync(reference, chosen.Digest, cancellationToken).ConfigureAwait(false);
        }
        ImageManifest manifest = doc.Manifest
            ?? throw new RegistryException(host, repo, RegistryErrorKind.Unsupported, "an index points at another index");

        var blobs = new List<Descriptor> { manifest.Config };
        foreach (Descriptor layer in manifest.Layers)
        {
            if (MediaTypes.IsNonDistributable(layer.MediaType) && !store.Blobs.Exists(layer.Digest))
            {
                options.Note?.Invoke($"skipping non-distributable layer {layer.Digest} ({layer.MediaType})");
                options.Progress?.Report(new LayerProgress(layer.Digest, LayerStatus.Skipped, 0, layer.Size, "non-distributable"));
                continue;
            }
            blobs.Add(layer);
        }
        foreach (Descriptor blob in blobs)
            options.Progress?.Report(new LayerProgress(blob.Digest, LayerStatus.Waiting, 0, blob.Size));
        await Parallel.ForEachAsync(blobs.DistinctBy(b => b.Digest),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentDownloads, CancellationToken = cancellationToken },
            (blob, ct) => new ValueTask(FetchBlobAsync(store.Blobs, host, repo, blob, options, ct))).ConfigureAwait(false);

        IEnumerable<ImageReference> names = reference.Tag is not null ? [reference.WithTag(reference.Tag)] : [reference];
        return store.Commit(doc.Bytes, doc.MediaType, names, top.Digest);
    }

    private async Task FetchBlobAsync(BlobStore blobs, string host, string repo, Descriptor blob, PullOptions options, CancellationToken cancellationToken)
    {
        IProgress<LayerProgress>? progress = options.Progress;
        if (blobs.Exists(blob.Digest))
        {
            progress?.Report(new LayerProgress(blob.Digest, LayerStatus.AlreadyExists, blob.Size, blob.Size));
            return;
        }
        Uri uri = new(BaseUri(host), $"v2/{repo}/blobs/{blob.Digest}");
        HttpResponseMessage response = await SendAsync(host, repo, "pull", () => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, host, repo, $"blob {blob.Digest}", cancellationToken).ConfigureAwait(false);
            Stream firstBody = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            // A connection cut off midway is picked up where it stopped; SendAsync already retried what failed
            // before the body started.
            await using var body = new ResumingBlobStream(response, firstBody,
                (offset, ct) => ResumeBlobAsync(host, repo, blob.Digest, uri, offset, ct), _options.MaxAttempts - 1, attempt => RetryDelay(attempt, null),
                (offset, e) => options.Note?.Invoke($"blob {blob.Digest}: download interrupted after {offset} bytes ({e.Message}), resuming"));
            long lastReport = 0;
            await blobs.WriteAsync(body, blob.Digest, blob.Size, done =>
            {
                if (progress is not null && (done - lastReport >= 256 * 1024 || done == blob.Size))
                {
                    lastReport = done;
                    progress.Report(new LayerProgress(blob.Digest, LayerStatus.Downloading, done, blob.Size));
                }
            }, $"registry {host}, repository {repo}, blob {blob.Digest}", cancellationToken).ConfigureAwait(false);
        }
        catch (DigestMismatchException e)
        {
            throw new RegistryException(host, repo, RegistryErrorKind.DigestMismatch, $"blob {blob.Digest}: content does not match its digest ({e.Message}); nothing was stored", e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(host, repo, e);
        }
        catch (IOException e) when (e is HttpIOException || e.InnerException is HttpRequestException or System.Net.Sockets.SocketException)
        {
            throw Unreachable(host, repo, e);
        }
        finally
        {
            response.Dispose();
        }
        progress?.Report(new LayerProgress(blob.Digest, LayerStatus.Done, blob.Size, blob.Size));
    }

    /// <summary>
    /// Asks for the rest of a blob from <paramref name="offset"/>. A registry that ignores Range sends it all again;
    /// then the part already stored is read past.
    /// </summary>
    private async Task<(HttpResponseMessage, Stream)> ResumeBlobAsync(string host, string repo, string digest, Uri uri, long offset, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await SendAsync(host, repo, "pull", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Range = new RangeHeaderValue(offset, null);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, host, repo, $"blob {digest} (resumed at byte {offset})", cancellationToken).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                if (response.Content.Headers.ContentRange?.From != offset)
                    throw new RegistryException(host, repo, RegistryErrorKind.BadResponse,
                        $"blob {digest}: asked to resume at byte {offset}, got range '{response.Content.Headers.ContentRange}'");
                return (response, body);
            }
            byte[] skip = new byte[1 << 16];
            for (long left = offset; left > 0;)
            {
                int n = await body.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, left)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    throw new RegistryException(host, repo, RegistryErrorKind.BadResponse, $"blob {digest}: shorter than the {offset} bytes already received");
                left -= n;
            }
            return (response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    internal static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;
}
