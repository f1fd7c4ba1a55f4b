using System.Text.Json;
using Bock.Images.Archives;
using Bock.Images.Build;
using Bock.Images.Layers.Writing;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;
using Bock.Images.Tests.Layers.Writing;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Build;

/// <summary>
/// --output: what we write is read by skopeo and umoci (independent implementations), and the local tree is the
/// image's merged file system as overlayfs shows it.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class ImageExporterTests : IDisposable
{
    private const long Epoch = 1_700_000_000;
    private static readonly ImageReference Name = ImageReference.Parse("localhost/exported:1");
    private readonly TempDirectory _dir = new();
    private readonly MountedOverlays _mounts = new();
    private readonly ImageStore _store;

    public ImageExporterTests() => _store = new ImageStore(NewDir("store"));

    public void Dispose()
    {
        _mounts.Dispose();
        _dir.Dispose();
    }

    private string NewDir(string name)
    {
        string path = _dir.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A base layer with everything, and a step layer (overlay format) that deletes, replaces and makes opaque.</summary>
    private async Task<Image> BuildAsync()
    {
        string baseTree = NewDir("base");
        LayerTrees.Everything(baseTree, Epoch - 100);
        string step = NewDir("step");
        LayerTrees.Sh(step, "mkdir -p etc bin srv && mknod etc/hostname c 0 0 && printf new > bin/only && setfattr -n trusted.overlay.opaque -v y bin"
            + " && printf 'was a dir' > hl && echo added > srv/added && chown 7:8 srv/added && mknod big.bin c 0 0 && ln -s /etc/shadow link");
        var options = new LayerWriteOptions(Epoch);
        LayerWriteResult l1 = await LayerDiffWriter.WriteAsync(_store, baseTree, options);
        LayerWriteResult l2 = await LayerDiffWriter.WriteAsync(_store, step, options);
        return ImageAssembler.Commit(_store, new ImageAssembly
        {
            Layers = [l1, l2],
            Config = new ImageConfig { Config = new ContainerConfig { Cmd = ["/bin/only"] } },
            History = [new HistoryEntry { CreatedBy = "COPY / /" }, new HistoryEntry { CreatedBy = "RUN step" }],
            SourceDateEpoch = Epoch,
        }, [Name]);
    }

    /// <summary>The image as overlayfs shows it: its snapshots mounted read-only.</summary>
    private async Task<string> MountedAsync(Image image)
    {
        IReadOnlyList<string> chains = await _store.UnpackAsync(image);
        string target = NewDir("mounted");
        string lowers = string.Join(':', chains.Reverse().Select(_store.Snapshots.FsDir));
        if (Bock.Images.Native.FileSystemCalls.Mount("overlay", target, "overlay", 0, "lowerdir=" + lowers) < 0)
            throw new IOException("mount overlay: " + Bock.Images.Native.FileSystemCalls.Describe(Bock.Images.Native.FileSystemCalls.Errno));
        _mounts.Add(target);
        return target;
    }

    [Fact]
    public async Task Local_output_is_the_merged_file_system_overlayfs_shows()
    {
        Image image = await BuildAsync();
        string local = _dir.Combine("local");
        await ImageExporter.ExportAsync(_store, image, BuildOutput.Parse($"type=local,dest={local}"));
        string expected = TreeDescription.Of(await MountedAsync(image));
        string actual = TreeDescription.Of(local);
        Assert.Equal(expected, actual);
        Assert.DoesNotContain("whiteout", actual);
        Assert.DoesNotContain("./etc/hostname", actual);
        Assert.DoesNotContain("./bin/ping", actual); // under the opaque bin/
        Assert.DoesNotContain("./hl/", actual); // the directory a file replaced, content and all
        Assert.Contains("./hl|regular file|644|0|0|", actual);
        Assert.Contains("./bin/only|", actual);
        Assert.Contains("./srv/added|regular file|644|7|8|", actual);
        Assert.Contains("./etc/conf.d|directory", actual); // kept from the base
    }

    [Fact]
    public async Task Local_output_can_give_every_file_to_the_user_who_asked()
    {
        Image image = await BuildAsync();
        string local = _dir.Combine("mine");
        await ImageExporter.WriteLocalAsync(_store, image, local, owner: (1000, 1000));
        string owners = Run.Command("bash", "-c", "cd \"$1\" && find . -mindepth 1 -printf '%U:%G\\n' | sort -u", "_", local);
        Assert.Equal("1000:1000\n", owners);
    }

    [Fact]
    public async Task Local_output_never_writes_or_removes_outside_its_directory()
    {
        string outside = NewDir("outside");
        File.WriteAllText(Path.Combine(outside, "victim"), "keep me");
        LayerWriteResult l1 = await ImageWriter.WriteLayerAsync(_store, new TarBuilder()
            .Symlink("out", outside).Symlink("up", "../../../..").ToStream());
        LayerWriteResult l2 = await ImageWriter.WriteLayerAsync(_store, new TarBuilder()
            .File("out/pwned", "x").File("up/pwned2", "y").File("out/.wh.victim", "").File("up/.wh.victim", "").ToStream());
        Image image = ImageWriter.Commit(_store, [l1, l2], new ImageConfig(), []);
        string local = NewDir("local");
        await ImageExporter.WriteLocalAsync(_store, image, local);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(outside, "victim")));
        Assert.Equal(["victim"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Equal("x", File.ReadAllText(Path.Combine(local, outside.TrimStart('/'), "pwned"))); // re-rooted
        Assert.Equal("y", File.ReadAllText(Path.Combine(local, "pwned2")));
    }

    [Fact]
    public async Task Skopeo_reads_the_oci_and_the_docker_archive()
    {
        Image image = await BuildAsync();
        string oci = _dir.Combine("image.oci.tar"), docker = _dir.Combine("image.docker.tar");
        await ImageExporter.ExportAsync(_store, image, BuildOutput.Parse($"type=oci,dest={oci}"), Name);
        await ImageExporter.ExportAsync(_store, image, BuildOutput.Parse($"type=docker,dest={docker}"), Name);

        using JsonDocument fromOci = JsonDocument.Parse(Run.Command("skopeo", "inspect", "oci-archive:" + oci));
        Assert.Equal(image.ManifestDigest, fromOci.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(image.Manifest.Layers.Select(l => l.Digest), fromOci.RootElement.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Epoch), fromOci.RootElement.GetProperty("Created").GetDateTimeOffset());

        using JsonDocument dockerConfig = JsonDocument.Parse(Run.Command("skopeo", "inspect", "--config", "--raw", "docker-archive:" + docker));
        Assert.Equal(image.Config.RootFs.DiffIds, dockerConfig.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(e => e.GetString()));
        using JsonDocument fromDocker = JsonDocument.Parse(Run.Command("skopeo", "inspect", "docker-archive:" + docker));
        Assert.Equal(["/bin/only"], fromDocker.RootElement.GetProperty("Env").ValueKind == JsonValueKind.Null ? ["/bin/only"] : dockerConfig.RootElement.GetProperty("config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, fromDocker.RootElement.GetProperty("Layers").GetArrayLength());
    }

    [Fact]
    public async Task Umoci_unpacks_the_oci_archive_to_the_same_tree_as_the_local_output()
    {
        Image image = await BuildAsync();
        string oci = _dir.Combine("image.oci.tar");
        await ImageExporter.ExportAsync(_store, image, new BuildOutput(BuildOutputType.Oci, oci), Name);
        string layout = NewDir("layout");
        Run.Command("tar", "-xf", oci, "-C", layout);
        string bundle = _dir.Combine("bundle");
        Run.Command("umoci", "unpack", "--image", layout + ":1", bundle);
        string local = _dir.Combine("local");
        await ImageExporter.ExportAsync(_store, image, new BuildOutput(BuildOutputType.Local, local));
        Assert.Equal(TreeDescription.Of(local), TreeDescription.Of(Path.Combine(bundle, "rootfs")));
    }

    [Theory]
    [InlineData(BuildOutputType.Oci)]
    [InlineData(BuildOutputType.Docker)]
    public async Task Archives_of_one_image_written_at_different_times_are_the_same_bytes(BuildOutputType type)
    {
        Image image = await BuildAsync();
        string first = _dir.Combine("first.tar"), second = _dir.Combine("second.tar");
        await ImageExporter.ExportAsync(_store, image, new BuildOutput(type, first), Name);
        Thread.Sleep(1100);
        await ImageExporter.ExportAsync(_store, image, new BuildOutput(type, second), Name);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public async Task A_failed_archive_export_leaves_nothing_behind()
    {
        Image image = await BuildAsync();
        _store.Blobs.Delete(image.Manifest.Layers[1].Digest);
        string outDir = NewDir("out");
        string dest = Path.Combine(outDir, "image.tar");
        var e = await Assert.ThrowsAsync<ImageFormatException>(() => ImageExporter.ExportAsync(_store, image, new BuildOutput(BuildOutputType.Oci, dest)));
        Assert.Contains(image.Manifest.Layers[1].Digest, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outDir));
    }

    [Fact]
    public async Task An_interrupted_archive_export_leaves_nothing_behind_and_keeps_the_old_file()
    {
        Image image = await BuildAsync();
        string outDir = NewDir("out");
        string dest = Path.Combine(outDir, "image.tar");
        File.WriteAllText(dest, "previous");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ImageExporter.ExportAsync(_store, image, new BuildOutput(BuildOutputType.Docker, dest), ct: new CancellationToken(canceled: true)));
        Assert.Equal([dest], Directory.GetFileSystemEntries(outDir));
        Assert.Equal("previous", File.ReadAllText(dest));
    }
}
