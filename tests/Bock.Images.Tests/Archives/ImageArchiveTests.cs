using System.Formats.Tar;
using System.Text.Json;
using Bock.Images.Archives;
using Bock.Images.Reference;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Archives;

public sealed class ImageArchiveTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(ArchiveFormat.DockerArchive)]
    [InlineData(ArchiveFormat.OciArchive)]
    public async Task Save_then_load_round_trips(ArchiveFormat format)
    {
        var source = new ImageStore(_dir.Combine("a"));
        Image image = await TestImages.BuildBusyboxAsync(source);
        var name = ImageReference.Parse("localhost/bock-test/busybox:1");
        var archive = new MemoryStream();
        ImageArchive.Save(source, [(name, image)], archive, format);

        archive.Position = 0;
        var names = new List<string>();
        using (var reader = new TarReader(archive, leaveOpen: true))
            while (reader.GetNextEntry() is { } e)
                names.Add(e.Name);
        Assert.Contains("oci-layout", names);
        Assert.Contains("index.json", names);
        Assert.Equal(format == ArchiveFormat.DockerArchive, names.Contains("manifest.json"));
        Assert.Equal(format == ArchiveFormat.DockerArchive, names.Contains("repositories"));

        archive.Position = 0;
        var target = new ImageStore(_dir.Combine("b"));
        IReadOnlyList<LoadedImage> loaded = await ImageArchive.LoadAsync(target, archive, defaultName: ImageReference.Parse("localhost/bock-test/busybox"));
        LoadedImage only = Assert.Single(loaded);
        Assert.Equal(name, Assert.Single(only.Names));
        Assert.Equal(image.ConfigDigest, only.Image.ConfigDigest);
        Assert.Equal(image.Manifest.Layers.Select(l => l.Digest), only.Image.Manifest.Layers.Select(l => l.Digest));
        if (format == ArchiveFormat.OciArchive)
            Assert.Equal(image.ManifestDigest, only.Image.ManifestDigest);
        Assert.Equal(only.Image.ManifestDigest, target.Resolve("localhost/bock-test/busybox:1").ManifestDigest);
    }

    [Fact]
    public async Task Loads_a_legacy_docker_save_archive_with_uncompressed_layers_and_symlinked_duplicates()
    {
        byte[] layer = new TarBuilder().File("hello", "legacy").ToArray();
        string diffId = Bock.Images.Content.Digest.Compute(layer);
        byte[] config = System.Text.Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\",\"" + diffId + "\"]}}");
        string configName = Bock.Images.Content.Digest.Hex(Bock.Images.Content.Digest.Compute(config)) + ".json";
        byte[] archive = new TarBuilder()
            .Dir("aaa").File("aaa/layer.tar", layer).File("aaa/VERSION", "1.0")
            .Dir("bbb").Symlink("bbb/layer.tar", "../aaa/layer.tar")
            .File(configName, config)
            .File("manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"legacy:v1\"],\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]")
            .File("repositories", "{\"legacy\":{\"v1\":\"aaa\"}}")
            .ToArray();
        var store = new ImageStore(_dir.Combine("s"));
        LoadedImage loaded = Assert.Single(await ImageArchive.LoadAsync(store, new MemoryStream(archive)));
        Assert.Equal("docker.io/library/legacy:v1", Assert.Single(loaded.Names).ToString());
        Assert.All(loaded.Image.Manifest.Layers, l => Assert.Equal(Bock.Images.Oci.MediaTypes.OciLayer, l.MediaType));
        Assert.All(loaded.Image.Manifest.Layers, l => Assert.Equal(diffId, l.Digest));
        Assert.Equal(["/hello"], store.Resolve("legacy:v1").Config.Config!.Cmd);
    }

    [Fact]
    public async Task Archive_with_a_corrupted_blob_is_refused()
    {
        var source = new ImageStore(_dir.Combine("a"));
        Image image = await TestImages.BuildBusyboxAsync(source);
        var archive = new MemoryStream();
        ImageArchive.Save(source, [(ImageReference.Parse("localhost/x:1"), image)], archive, ArchiveFormat.OciArchive);
        // rewrite the archive with the config blob's content changed
        archive.Position = 0;
        var tampered = new MemoryStream();
        using (var reader = new TarReader(archive))
        using (var writer = new TarWriter(tampered, TarEntryFormat.Pax, leaveOpen: true))
        {
            while (reader.GetNextEntry(copyData: true) is { } e)
            {
                if (e.Name.EndsWith(Bock.Images.Content.Digest.Hex(image.ConfigDigest)))
                    e.DataStream = new MemoryStream("{\"evil\":true}"u8.ToArray());
                writer.WriteEntry(e);
            }
        }
        tampered.Position = 0;
        var target = new ImageStore(_dir.Combine("b"));
        await Assert.ThrowsAsync<Bock.Images.Content.DigestMismatchException>(() => ImageArchive.LoadAsync(target, tampered));
        Assert.False(target.Blobs.Exists(image.ConfigDigest));
    }

    [Fact]
    public async Task Import_makes_a_one_layer_image_with_changes()
    {
        var store = new ImageStore(_dir.Combine("s"));
        var gz = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            z.Write(TestImages.BusyboxRootfs());
        gz.Position = 0;
        Image image = await ImageArchive.ImportAsync(store, gz, [ImageReference.Parse("imported:1")],
            ["CMD [\"/bin/sh\",\"-c\",\"echo hi\"]", "ENV A=1 B=\"two words\"", "WORKDIR /tmp", "EXPOSE 80 53/udp", "LABEL org.example=yes", "USER 1000:1000", "ENTRYPOINT /bin/busybox"]);
        Assert.Single(image.Manifest.Layers);
        Assert.Equal(Bock.Images.Content.Digest.Compute(TestImages.BusyboxRootfs()), image.Config.RootFs.DiffIds[0]);
        var c = image.Config.Config!;
        Assert.Equal(["/bin/sh", "-c", "echo hi"], c.Cmd);
        Assert.Equal(["/bin/sh", "-c", "/bin/busybox"], c.Entrypoint);
        Assert.Equal(["A=1", "B=two words"], c.Env);
        Assert.Equal("/tmp", c.WorkingDir);
        Assert.Equal("1000:1000", c.User);
        Assert.Equal(["53/udp", "80/tcp"], c.ExposedPorts!.Keys.Order());
        Assert.Equal("yes", c.Labels!["org.example"]);
        Assert.Contains("unsupported instruction 'RUN'", Assert.Throws<FormatException>(() => ConfigChanges.Apply(new(), ["RUN true"])).Message);
    }
}
