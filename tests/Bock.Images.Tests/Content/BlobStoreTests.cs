using System.Text;
using Bock.Images.Content;
using Bock.Images.Reference;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Content;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Stores_under_its_digest_and_verifies_it()
    {
        var store = new BlobStore(_dir.Path);
        byte[] data = Encoding.UTF8.GetBytes("hello blob");
        string digest = Digest.Compute(data);
        (string written, long size) = await store.WriteAsync(new MemoryStream(data), digest, data.Length);
        Assert.Equal(digest, written);
        Assert.Equal(data.Length, size);
        Assert.Equal(Path.Combine(_dir.Path, "blobs", "sha256", Digest.Hex(digest)), store.PathOf(digest));
        Assert.Equal(data, store.ReadAllBytes(digest));
        store.Verify(digest);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task Wrong_content_is_never_stored()
    {
        var store = new BlobStore(_dir.Path);
        string promised = Digest.Compute("good"u8);
        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => store.WriteAsync(new MemoryStream("evil"u8.ToArray()), promised));
        Assert.Contains(promised, e.Message);
        Assert.False(store.Exists(promised));
        Assert.Empty(store.List());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir.Path, "ingest")));
        await Assert.ThrowsAsync<DigestMismatchException>(() => store.WriteAsync(new MemoryStream("good"u8.ToArray()), promised, expectedSize: 3));
        Assert.False(store.Exists(promised));
    }

    [Fact]
    public void Rotten_blob_is_detected_on_verify_and_removed()
    {
        var store = new BlobStore(_dir.Path);
        string digest = store.Write("fine"u8);
        File.WriteAllText(store.PathOf(digest), "rotten");
        Assert.Throws<DigestMismatchException>(() => store.Verify(digest));
        Assert.False(store.Exists(digest));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_blob_both_succeed()
    {
        var store = new BlobStore(_dir.Path);
        byte[] data = new byte[3 << 20];
        Random.Shared.NextBytes(data);
        string digest = Digest.Compute(data);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.WriteAsync(new MemoryStream(data), digest))));
        Assert.Equal(data, store.ReadAllBytes(digest));
        Assert.Single(store.List());
    }

    [Fact]
    public void Malformed_digests_never_become_paths()
    {
        var store = new BlobStore(_dir.Path);
        Assert.Throws<ArgumentException>(() => store.PathOf("sha256:../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => store.PathOf("md5:abc"));
    }

    [Fact]
    public async Task Tag_store_survives_concurrent_updates()
    {
        var tags = new TagStore(_dir.Path);
        string digest = Digest.Compute("m"u8);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            tags.Set(ImageReference.Parse($"localhost/t:{i}"), new ImageRecord { Digest = digest, MediaType = "m", Size = 1 }))));
        Assert.Equal(20, tags.List().Count);
        Assert.True(tags.Remove(ImageReference.Parse("localhost/t:3")));
        Assert.Null(tags.Get(ImageReference.Parse("localhost/t:3")));
        Assert.Equal(digest, new TagStore(_dir.Path).Get(ImageReference.Parse("localhost/t:4"))!.Digest);
    }

    [Fact]
    public async Task Garbage_collection_removes_only_unreferenced_content()
    {
        var store = new ImageStore(_dir.Path);
        Image image = await TestImages.BuildBusyboxAsync(store);
        string stray = store.Blobs.Write("unreferenced"u8);
        Directory.CreateDirectory(Path.Combine(store.Root, "snapshots", Digest.Hex(Digest.Compute("x"u8)), "fs"));

        GarbageCollectionResult result = store.GarbageCollect();
        Assert.Equal([stray], result.RemovedBlobs);
        Assert.Single(result.RemovedSnapshots);
        Assert.True(store.Blobs.Exists(image.ManifestDigest));
        Assert.All(image.Manifest.Layers, l => Assert.True(store.Blobs.Exists(l.Digest)));

        Assert.True(store.Untag(ImageReference.Parse("localhost/bock-test/busybox:1")));
        result = store.GarbageCollect();
        Assert.Equal(4, result.RemovedBlobs.Count);
        Assert.Empty(store.Blobs.List());
    }

    [Fact]
    public async Task Resolves_by_name_and_digest()
    {
        var store = new ImageStore(_dir.Path);
        Image image = await TestImages.BuildBusyboxAsync(store);
        Assert.Equal(image.ManifestDigest, store.Resolve("localhost/bock-test/busybox:1").ManifestDigest);
        Assert.Equal(image.ManifestDigest, store.Resolve(image.ManifestDigest).ManifestDigest);
        Assert.Equal(["/bin/sh"], store.Resolve("localhost/bock-test/busybox:1").Config.Config!.Cmd);
        Assert.Equal(2, image.Config.RootFs.DiffIds.Count);
        Assert.Contains("no such image: alpine:latest", Assert.Throws<ImageNotFoundException>(() => store.Resolve("alpine")).Message);
    }
}
