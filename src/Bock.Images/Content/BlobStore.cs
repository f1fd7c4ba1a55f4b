using System.Security.Cryptography;

namespace Bock.Images.Content;

/// <summary>
/// Content-addressed blobs under <c>&lt;root&gt;/blobs/sha256/&lt;hex&gt;</c>. A write streams into a private file
/// under <c>ingest/</c>, hashing as it goes, and is renamed to its digest only once the digest (and size) check out:
/// a crash or a bad download never leaves a half or wrong blob under a digest. Two writers of one blob both succeed;
/// the rename is atomic and the content identical.
/// </summary>
public sealed class BlobStore
{
    private readonly string _blobs;
    private readonly string _ingest;

    public BlobStore(string root)
    {
        Root = root;
        _blobs = Path.Combine(root, "blobs", "sha256");
        _ingest = Path.Combine(root, "ingest");
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_ingest);
    }

    public string Root { get; }

    public string PathOf(string digest) => Path.Combine(_blobs, Digest.Hex(digest));

    public bool Exists(string digest) => File.Exists(PathOf(digest));

    public long? SizeOf(string digest)
    {
        var info = new FileInfo(PathOf(digest));
        return info.Exists ? info.Length : null;
    }

    public Stream OpenRead(string digest)
    {
        string path = PathOf(digest);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new BlobNotFoundException(digest, e);
        }
    }

    public byte[] ReadAllBytes(string digest) => File.Exists(PathOf(digest)) ? File.ReadAllBytes(PathOf(digest)) : throw new BlobNotFoundException(digest);

    /// <summary>Re-hashes a stored blob; a blob that rotted on disk is removed and reported.</summary>
    public void Verify(string digest)
    {
        using Stream s = OpenRead(digest);
        string actual = Digest.FromHash(SHA256.HashData(s));
        if (actual != digest)
        {
            s.Dispose();
            File.Delete(PathOf(digest));
            throw new DigestMismatchException($"stored blob {digest}", digest, actual);
        }
    }

    public string Write(ReadOnlySpan<byte> data)
    {
        string digest = Digest.Compute(data);
        if (Exists(digest))
            return digest;
        string temp = NewIngestPath();
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                f.Write(data);
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, PathOf(digest), overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        return digest;
    }

    /// <summary>
    /// Streams <paramref name="source"/> into the store. With <paramref name="expectedDigest"/> the content must match
    /// it (and <paramref name="expectedSize"/>, when given) or nothing is stored. Returns the digest and size written.
    /// </summary>
    public async Task<(string Digest, long Size)> WriteAsync(Stream source, string? expectedDigest = null, long? expectedSize = null,
        Action<long>? progress = null, string? what = null, CancellationToken cancellationToken = default)
    {
        if (expectedDigest is not null)
            Digest.Hex(expectedDigest);
        string temp = NewIngestPath();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 17);
                try
                {
                    int n;
                    while ((n = await source.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        total += n;
                        if (expectedSize is long max && total > max)
                            throw new DigestMismatchException(what ?? $"blob {expectedDigest}", $"{max} bytes", $"more than {max} bytes");
                        progress?.Invoke(total);
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
                file.Flush(flushToDisk: true);
            }
            string digest = Digest.FromHash(hash.GetHashAndReset());
            if (expectedDigest is not null && digest != expectedDigest)
                throw new DigestMismatchException(what ?? $"blob {expectedDigest}", expectedDigest, digest);
            if (expectedSize is long size && size != total)
                throw new DigestMismatchException(what ?? $"blob {expectedDigest}", $"{size} bytes", $"{total} bytes");
            File.Move(temp, PathOf(digest), overwrite: true);
            return (digest, total);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Stores what <paramref name="produce"/> writes (hashed as it is written, so the content is written once and
    /// never read back), under its digest. Returns the digest and size.
    /// </summary>
    public async Task<(string Digest, long Size)> IngestAsync(Func<Stream, CancellationToken, Task> produce, CancellationToken cancellationToken = default)
    {
        string temp = NewIngestPath();
        try
        {
            string digest;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using var hashing = new Layers.Writing.HashingWriteStream(file, leaveOpen: true);
                await produce(hashing, cancellationToken).ConfigureAwait(false);
                await hashing.FlushAsync(cancellationToken).ConfigureAwait(false);
                digest = hashing.FinishDigest();
                size = hashing.BytesWritten;
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, PathOf(digest), overwrite: true);
            return (digest, size);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public IEnumerable<string> List() => Directory.EnumerateFiles(_blobs)
        .Select(p => Digest.Sha256Prefix + Path.GetFileName(p))
        .Where(Digest.IsValid);

    public bool Delete(string digest)
    {
        string path = PathOf(digest);
        if (!File.Exists(path))
            return false;
        File.Delete(path);
        return true;
    }

    /// <summary>Removes ingest files left by a crashed writer; only call while no writer runs (the GC lock).</summary>
    public void CleanIngest()
    {
        foreach (string f in Directory.EnumerateFiles(_ingest))
            File.Delete(f);
    }

    private string NewIngestPath() => Path.Combine(_ingest, Guid.NewGuid().ToString("N"));
}
