using System.Net;
using System.Net.Http.Headers;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Images.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Pushes a stored image to <paramref name="target"/>: each blob is HEAD-checked and skipped when present, mounted
    /// from <paramref name="mountFrom"/> (another repository of the same registry) when possible, else uploaded
    /// (one PUT, or PATCH chunks then PUT for large blobs); the manifest goes last. Returns the manifest digest.
    /// </summary>
    public async Task<string> PushAsync(ImageStore store, Image image, ImageReference target, string? mountFrom = null,
        IProgress<LayerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        string host = target.RegistryHost;
        string repo = target.Path;
        // Cross-repository mount needs a source the registry already has: a repository of the same registry
        // that this store knows the image by (it was pulled from or pushed to it).
        mountFrom ??= store.Tags.List()
            .Where(t => t.Value.Digest == image.ManifestDigest)
            .Select(t => ImageReference.TryParse(t.Key, out ImageReference? r, out _) ? r : null)
            .FirstOrDefault(r => r is not null && r.Domain == target.Domain && r.Path != target.Path)?.Path;
        var blobs = new List<Descriptor>(image.Manifest.Layers.Where(l => store.Blobs.Exists(l.Digest))) { image.Manifest.Config };
        await Parallel.ForEachAsync(blobs.DistinctBy(b => b.Digest),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentDownloads, CancellationToken = cancellationToken },
            (blob, ct) => new ValueTask(PushBlobAsync(store.Blobs, host, repo, blob, mountFrom, progress, ct))).ConfigureAwait(false);

        byte[] manifest = store.Blobs.ReadAllBytes(image.ManifestDigest);
        string reference = target.Tag ?? target.Digest ?? image.ManifestDigest;
        using HttpResponseMessage response = await SendAsync(host, repo, "pull,push", () =>
        {
            var content = new ByteArrayContent(manifest);
            content.Headers.ContentType = new MediaTypeHeaderValue(image.ManifestMediaType);
            return new HttpRequestMessage(HttpMethod.Put, new Uri(BaseUri(host), $"v2/{repo}/manifests/{reference}")) { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, host, repo, $"manifest {reference} (upload)", cancellationToken).ConfigureAwait(false);
        return image.ManifestDigest;
    }

    private async Task PushBlobAsync(BlobStore blobs, string host, string repo, Descriptor blob, string? mountFrom,
        IProgress<LayerProgress>? progress, CancellationToken cancellationToken)
    {
        if (await BlobExistsAsync(host, repo, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(new LayerProgress(blob.Digest, LayerStatus.AlreadyExists, blob.Size, blob.Size));
            return;
        }
        Uri? location = null;
        if (mountFrom is not null && mountFrom != repo)
        {
            using HttpResponseMessage mount = await SendAsync(host, repo, "pull,push", () =>
                new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri(host), $"v2/{repo}/blobs/uploads/?mount={blob.Digest}&from={mountFrom}")),
                cancellationToken, extraScope: $"repository:{mountFrom}:pull").ConfigureAwait(false);
            if (mount.StatusCode == HttpStatusCode.Created)
            {
                progress?.Report(new LayerProgress(blob.Digest, LayerStatus.Mounted, blob.Size, blob.Size));
                return;
            }
            await EnsureSuccessAsync(mount, host, repo, $"blob {blob.Digest} (mount from {mountFrom})", cancellationToken).ConfigureAwait(false);
            location = UploadLocation(mount, host, repo);
        }
        if (location is null)
        {
            using HttpResponseMessage start = await SendAsync(host, repo, "pull,push", () =>
                new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri(host), $"v2/{repo}/blobs/uploads/")), cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(start, host, repo, $"blob {blob.Digest} (start upload)", cancellationToken).ConfigureAwait(false);
            location = UploadLocation(start, host, repo);
        }

        long size = blobs.SizeOf(blob.Digest) ?? throw new BlobNotFoundException(blob.Digest);
        if (!_options.ForceChunkedUpload && size <= _options.ChunkSize)
        {
            await PutBlobAsync(host, repo, location, blob.Digest, blobs, 0, size, progress, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            for (long offset = 0; offset < size; offset += _options.ChunkSize)
            {
                long length = Math.Min(_options.ChunkSize, size - offset);
                Uri chunkLocation = location;
                long chunkOffset = offset;
                using HttpResponseMessage patch = await SendAsync(host, repo, "pull,push", () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Patch, chunkLocation) { Content = BlobContent(blobs, blob.Digest, chunkOffset, length) };
                    request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{chunkOffset}-{chunkOffset + length - 1}");
                    return request;
                }, cancellationToken).ConfigureAwait(false);
                await EnsureSuccessAsync(patch, host, repo, $"blob {blob.Digest} (chunk at {offset})", cancellationToken).ConfigureAwait(false);
                location = UploadLocation(patch, host, repo);
                progress?.Report(new LayerProgress(blob.Digest, LayerStatus.Uploading, offset + length, size));
            }
            await PutBlobAsync(host, repo, location, blob.Digest, blobs, 0, 0, progress, cancellationToken).ConfigureAwait(false);
        }
        progress?.Report(new LayerProgress(blob.Digest, LayerStatus.Done, size, size));
    }

    private async Task PutBlobAsync(string host, string repo, Uri location, string digest, BlobStore blobs, long offset, long length,
        IProgress<LayerProgress>? progress, CancellationToken cancellationToken)
    {
        var uri = new Uri(location + (location.Query.Length > 0 ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest));
        using HttpResponseMessage put = await SendAsync(host, repo, "pull,push", () =>
            new HttpRequestMessage(HttpMethod.Put, uri) { Content = BlobContent(blobs, digest, offset, length) }, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(put, host, repo, $"blob {digest} (upload)", cancellationToken).ConfigureAwait(false);
        progress?.Report(new LayerProgress(digest, LayerStatus.Uploading, length, length));
    }

    private static HttpContent BlobContent(BlobStore blobs, string digest, long offset, long length)
    {
        Stream stream = blobs.OpenRead(digest);
        stream.Seek(offset, SeekOrigin.Begin);
        var content = new StreamContent(new SubStream(stream, length));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = length;
        return content;
    }

    private Uri UploadLocation(HttpResponseMessage response, string host, string repo)
    {
        Uri location = response.Headers.Location
            ?? throw new RegistryException(host, repo, RegistryErrorKind.BadResponse, "upload response without a Location header");
        return location.IsAbsoluteUri ? location : new Uri(BaseUri(host), location);
    }
}
