using System.Text;
using System.Text.Json;
using Bock.Images.Build;
using Bock.Images.Layers.Writing;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;
using Bock.Images.Tests.Layers.Writing;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Build;

/// <summary>Built images are written reproducibly: same inputs and epoch, same manifest digest, in any store, on any day.</summary>
[Trait("Category", "Privileged")]
public sealed class ImageAssemblerTests : IDisposable
{
    private const long Epoch = 1_700_000_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string NewDir(string name)
    {
        string path = _dir.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static ImageConfig Config(params (string Key, string Value)[] labels) => new()
    {
        Architecture = "amd64",
        Os = "linux",
        Config = new ContainerConfig
        {
            Env = ["PATH=/usr/bin:/bin"],
            Cmd = ["/bin/sh"],
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
            ExposedPorts = new Dictionary<string, EmptyObject> { ["8080/tcp"] = new(), ["443/tcp"] = new() },
        },
    };

    /// <summary>A base image (one layer) and a child (base + a step layer + an empty-layer step), from trees made now.</summary>
    private async Task<Image> BuildTwoStages(string name, long? epoch, params (string, string)[] labels)
    {
        var store = new ImageStore(NewDir(name + "-store"));
        var options = new LayerWriteOptions(epoch);
        string baseTree = NewDir(name + "-base");
        LayerTrees.Everything(baseTree, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        LayerWriteResult baseLayer = await LayerDiffWriter.WriteAsync(store, baseTree, options);
        Image baseImage = ImageAssembler.Commit(store, new ImageAssembly
        {
            Layers = [baseLayer],
            Config = Config(),
            History = [new HistoryEntry { CreatedBy = "COPY rootfs /", Created = DateTimeOffset.UtcNow }],
            SourceDateEpoch = epoch,
        }, [ImageReference.Parse("localhost/base:1")]);

        string step = NewDir(name + "-step");
        LayerTrees.Sh(step, "mkdir -p app && echo built > app/out && mknod etc c 0 0");
        LayerWriteResult stepLayer = await LayerDiffWriter.WriteAsync(store, step, options);
        return ImageAssembler.Commit(store, new ImageAssembly
        {
            Base = baseImage,
            Layers = [stepLayer],
            Config = Config(labels),
            History =
            [
                new HistoryEntry { CreatedBy = "RUN make", Created = DateTimeOffset.UtcNow },
                new HistoryEntry { CreatedBy = "LABEL …", Created = DateTimeOffset.UtcNow, EmptyLayer = true },
            ],
            SourceDateEpoch = epoch,
        }, [ImageReference.Parse("localhost/child:1")]);
    }

    [Fact]
    public async Task Two_empty_stores_given_the_same_inputs_and_epoch_make_the_same_manifest_digest()
    {
        Image first = await BuildTwoStages("first", Epoch, ("b", "2"), ("a", "1"));
        Thread.Sleep(1100);
        Image second = await BuildTwoStages("second", Epoch, ("a", "1"), ("b", "2"));
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(first.ConfigDigest, second.ConfigDigest);

        Assert.Equal(MediaTypes.OciManifest, first.ManifestMediaType);
        Assert.Equal(2, first.Manifest.Layers.Count);
        Assert.All(first.Manifest.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
        Assert.Equal(first.Manifest.Layers.Count, first.Config.RootFs.DiffIds.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Epoch), first.Config.Created);
        Assert.Equal(3, first.Config.History!.Count);
        Assert.All(first.Config.History, h => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Epoch), h.Created));
        Assert.Equal(["COPY rootfs /", "RUN make", "LABEL …"], first.Config.History.Select(h => h.CreatedBy));
        // maps are written sorted, whatever order they were built in
        var store = new ImageStore(_dir.Combine("first-store"));
        string configJson = Encoding.UTF8.GetString(store.Blobs.ReadAllBytes(first.ConfigDigest));
        Assert.True(configJson.IndexOf("\"a\":\"1\"", StringComparison.Ordinal) < configJson.IndexOf("\"b\":\"2\"", StringComparison.Ordinal), configJson);
        Assert.True(configJson.IndexOf("443/tcp", StringComparison.Ordinal) < configJson.IndexOf("8080/tcp", StringComparison.Ordinal), configJson);
        using JsonDocument manifest = JsonDocument.Parse(store.Blobs.ReadAllBytes(first.ManifestDigest));
        Assert.Equal(MediaTypes.OciConfig, manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        Assert.Equal(first.ManifestDigest, store.Resolve("localhost/child:1").ManifestDigest);
    }

    [Fact]
    public async Task Without_an_epoch_builds_at_different_times_differ()
    {
        Image first = await BuildTwoStages("now-1", null);
        Thread.Sleep(1100);
        Image second = await BuildTwoStages("now-2", null);
        Assert.NotEqual(first.ManifestDigest, second.ManifestDigest);
        Assert.NotEqual(first.Config.RootFs.DiffIds, second.Config.RootFs.DiffIds); // the trees' mtimes differ
    }

    [Fact]
    public async Task The_child_unpacks_to_its_layers_stacked_and_a_docker_base_layer_is_listed_with_the_oci_type()
    {
        Image child = await BuildTwoStages("stack", Epoch);
        var store = new ImageStore(_dir.Combine("stack-store"));
        IReadOnlyList<string> chains = await store.UnpackAsync(child);
        Assert.Equal(2, chains.Count);
        Assert.Equal("built\n", File.ReadAllText(Path.Combine(store.Snapshots.FsDir(chains[1]), "app/out")));

        Image dockerTyped = ImageAssembler.Commit(store, new ImageAssembly
        {
            Base = child with { Manifest = child.Manifest with { Layers = child.Manifest.Layers.Select(l => l with { MediaType = MediaTypes.DockerLayerGzip }).ToList() } },
            Config = Config(),
        }, []);
        Assert.All(dockerTyped.Manifest.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
        Assert.Equal(child.Manifest.Layers.Select(l => l.Digest), dockerTyped.Manifest.Layers.Select(l => l.Digest));
    }

    [Fact]
    public void History_that_does_not_match_the_layers_is_refused()
    {
        var store = new ImageStore(NewDir("bad-store"));
        var e = Assert.Throws<ArgumentException>(() => ImageAssembler.Commit(store, new ImageAssembly
        {
            Config = Config(),
            History = [new HistoryEntry { CreatedBy = "RUN x" }],
        }, []));
        Assert.Contains("0 new layers but 1 history entries", e.Message);
    }
}
