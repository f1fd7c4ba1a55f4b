using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Registry;

/// <summary>Against Debian's docker-registry on 127.0.0.1: push, delete locally, pull back, compare.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryTests(RegistryPair registries) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ImageStore NewStore(string name) => new(_dir.Combine(name));

    [Fact]
    public async Task Push_delete_pull_gives_the_same_digests()
    {
        ImageStore store = NewStore("a");
        Image image = await TestImages.BuildBusyboxAsync(store);
        var target = ImageReference.Parse($"{registries.Open.Host}/bock/busybox:roundtrip");
        var progress = new List<LayerProgress>();
        using var client = new RegistryClient();
        string pushed = await client.PushAsync(store, image, target, progress: new SyncProgress<LayerProgress>(progress.Add));
        Assert.Equal(image.ManifestDigest, pushed);
        Assert.Contains(progress, p => p.Status == LayerStatus.Done);

        Assert.True(store.Untag(ImageReference.Parse("localhost/bock-test/busybox:1")));
        store.GarbageCollect();
        Assert.Empty(store.Blobs.List());

        progress.Clear();
        Image pulled = await client.PullAsync(store, target, new PullOptions { Progress = new SyncProgress<LayerProgress>(progress.Add) });
        Assert.Equal(image.ManifestDigest, pulled.ManifestDigest);
        Assert.Equal(image.ConfigDigest, pulled.ConfigDigest);
        Assert.Equal(image.Manifest.Layers.Select(l => l.Digest), pulled.Manifest.Layers.Select(l => l.Digest));
        Assert.Equal(pulled.ManifestDigest, store.Resolve(target.ToString()).ManifestDigest);
        foreach (Descriptor layer in pulled.Manifest.Layers)
            Assert.Contains(progress, p => p.Digest == layer.Digest && p.Status == LayerStatus.Done && p.BytesDone == layer.Size && p.BytesTotal == layer.Size);

        // a second pull fetches nothing again
        progress.Clear();
        await client.PullAsync(store, target, new PullOptions { Progress = new SyncProgress<LayerProgress>(progress.Add) });
        Assert.DoesNotContain(progress, p => p.Status is LayerStatus.Downloading or LayerStatus.Done);
        Assert.Equal(3, progress.Count(p => p.Status == LayerStatus.AlreadyExists));

        // and a pull by digest works too
        ImageStore other = NewStore("b");
        Image byDigest = await client.PullAsync(other, target with { Tag = null, Digest = image.ManifestDigest });
        Assert.Equal(image.ManifestDigest, byDigest.ManifestDigest);
    }

    [Fact]
    public async Task Chunked_upload_and_existing_blobs_and_cross_repository_mount()
    {
        ImageStore store = NewStore("a");
        Image image = await TestImages.BuildBusyboxAsync(store);
        using var chunked = new RegistryClient(new RegistryOptions { ForceChunkedUpload = true, ChunkSize = 64 * 1024 });
        var first = ImageReference.Parse($"{registries.Open.Host}/bock/chunked:1");
        await chunked.PushAsync(store, image, first);

        var progress = new List<LayerProgress>();
        using var client = new RegistryClient();
        await client.PushAsync(store, image, first, progress: new SyncProgress<LayerProgress>(progress.Add));
        Assert.All(progress, p => Assert.Equal(LayerStatus.AlreadyExists, p.Status));

        progress.Clear();
        var second = ImageReference.Parse($"{registries.Open.Host}/bock/mounted:1");
        await client.PushAsync(store, image, second, mountFrom: "bock/chunked", progress: new SyncProgress<LayerProgress>(progress.Add));
        Assert.Equal(3, progress.Count(p => p.Status == LayerStatus.Mounted));

        // without an explicit source, a repository of the same registry the store knows the image by is used
        progress.Clear();
        store.Tags.Set(ImageReference.Parse($"{registries.Open.Host}/bock/mounted:1"), store.Tags.Get(ImageReference.Parse("localhost/bock-test/busybox:1"))!);
        await client.PushAsync(store, image, ImageReference.Parse($"{registries.Open.Host}/bock/auto-mounted:1"), progress: new SyncProgress<LayerProgress>(progress.Add));
        Assert.Equal(3, progress.Count(p => p.Status == LayerStatus.Mounted));

        ImageStore fresh = NewStore("c");
        Image pulled = await client.PullAsync(fresh, second);
        Assert.Equal(image.ManifestDigest, pulled.ManifestDigest);
        foreach (Descriptor layer in pulled.Manifest.Layers)
            fresh.Blobs.Verify(layer.Digest);
    }

    [Fact]
    public async Task Basic_auth_registry_needs_the_stored_credentials()
    {
        ImageStore store = NewStore("a");
        Image image = await TestImages.BuildBusyboxAsync(store);
        var target = ImageReference.Parse($"{registries.Authenticated.Host}/bock/private:1");

        using (var anonymous = new RegistryClient())
        {
            var e = await Assert.ThrowsAsync<RegistryException>(() => anonymous.PushAsync(store, image, target));
            Assert.Equal(RegistryErrorKind.Unauthorized, e.Kind);
            Assert.Contains(registries.Authenticated.Host, e.Message);
            Assert.Contains("bock/private", e.Message);
        }

        var wrong = new CredentialStore(_dir.Combine("wrong.json"));
        wrong.Save(registries.Authenticated.Host, new RegistryCredentials(LocalRegistry.User, "nope"));
        using (var bad = new RegistryClient(new RegistryOptions { Credentials = wrong }))
            Assert.Equal(RegistryErrorKind.Unauthorized, (await Assert.ThrowsAsync<RegistryException>(() => bad.PullAsync(store, target))).Kind);

        var credentials = new CredentialStore(_dir.Combine("docker", "config.json"));
        credentials.Save(registries.Authenticated.Host, new RegistryCredentials(LocalRegistry.User, LocalRegistry.Password));
        using var client = new RegistryClient(new RegistryOptions { Credentials = credentials });
        await client.PingAsync(registries.Authenticated.Host);
        await client.PushAsync(store, image, target);
        ImageStore other = NewStore("b");
        Assert.Equal(image.ManifestDigest, (await client.PullAsync(other, target)).ManifestDigest);
    }

    [Fact]
    public async Task Unknown_manifest_says_registry_repository_and_why()
    {
        using var client = new RegistryClient();
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(NewStore("a"), ImageReference.Parse($"{registries.Open.Host}/bock/absent:nope")));
        Assert.Equal(RegistryErrorKind.ManifestUnknown, e.Kind);
        Assert.Contains(registries.Open.Host, e.Message);
        Assert.Contains("bock/absent", e.Message);
        Assert.Contains("manifest unknown", e.Message);
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public async Task Concurrent_pulls_of_one_image_into_one_store()
    {
        ImageStore source = NewStore("src");
        Image image = await TestImages.BuildBusyboxAsync(source);
        var target = ImageReference.Parse($"{registries.Open.Host}/bock/concurrent:1");
        using (var pusher = new RegistryClient())
            await pusher.PushAsync(source, image, target);

        string root = _dir.Combine("shared");
        Image[] results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = new RegistryClient();
            var store = new ImageStore(root);
            Image pulled = await client.PullAsync(store, target);
            await store.UnpackAsync(pulled);
            return pulled;
        })));
        Assert.All(results, r => Assert.Equal(image.ManifestDigest, r.ManifestDigest));
        var check = new ImageStore(root);
        foreach (string blob in check.Blobs.List())
            check.Blobs.Verify(blob);
        Assert.Equal(image.ChainIds.Order(), check.Snapshots.ListCommitted().Order());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "content", "ingest")));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(root, "snapshots"), "tmp-*"));
    }
}
