using System.Text.Json;
using Bock.Images.Archives;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Bock.Images.Snapshots;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Interop;

/// <summary>Images move both ways between us and skopeo/umoci (Debian packages), through the real registry and archives.</summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Privileged")]
public sealed class SkopeoUmociInteropTests(RegistryPair registries) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly MountedOverlays _mounts = new();

    public void Dispose()
    {
        _mounts.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Image_built_by_umoci_and_pushed_by_skopeo_is_pulled_and_unpacked_by_us()
    {
        string layout = _dir.Combine("layout");
        string bundle = _dir.Combine("bundle");
        Run.Command("umoci", "init", "--layout", layout);
        Run.Command("umoci", "new", "--image", layout + ":v1");
        Run.Command("umoci", "unpack", "--image", layout + ":v1", bundle);
        string rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        File.Copy(TestImages.BusyboxPath, Path.Combine(rootfs, "bin/busybox"));
        File.CreateSymbolicLink(Path.Combine(rootfs, "bin/sh"), "busybox");
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.WriteAllText(Path.Combine(rootfs, "etc/from-umoci"), "umoci was here\n");
        Run.Command("umoci", "repack", "--image", layout + ":v1", bundle);
        Run.Command("umoci", "config", "--image", layout + ":v1", "--config.cmd", "/bin/sh");
        string target = $"{registries.Open.Host}/interop/from-skopeo:v1";
        Run.Command("skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout}:v1", $"docker://{target}");
        string skopeoDigest = Run.Command("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{target}").Trim();

        var store = new ImageStore(_dir.Combine("store"));
        using var client = new RegistryClient();
        Image image = await client.PullAsync(store, ImageReference.Parse(target));
        Assert.Equal(skopeoDigest, image.RepoDigest);
        Assert.Equal(["/bin/sh"], image.Config.Config!.Cmd);
        IReadOnlyList<string> chains = await store.UnpackAsync(image);
        string mounted = Mount(store, chains);
        Assert.Equal("umoci was here\n", File.ReadAllText(Path.Combine(mounted, "etc/from-umoci")));
        Assert.Equal(File.ReadAllBytes(TestImages.BusyboxPath), File.ReadAllBytes(Path.Combine(mounted, "bin/busybox")));
        Assert.Equal("busybox", new FileInfo(Path.Combine(mounted, "bin/sh")).LinkTarget);
        Assert.Equal("ok\n", Run.Command("chroot", mounted, "/bin/sh", "-c", "echo ok"));
    }

    [Fact]
    public async Task Zstd_layer_made_by_the_zstd_tool_is_pushed_by_skopeo_then_pulled_and_unpacked_by_us()
    {
        // An OCI layout written by hand around a layer the zstd tool compressed, so nothing of ours made the zstd.
        byte[] tar = TestImages.BusyboxRootfs();
        string plain = _dir.Combine("layer.tar");
        File.WriteAllBytes(plain, tar);
        Run.Command("zstd", "-q", plain, "-o", plain + ".zst");
        byte[] layer = File.ReadAllBytes(plain + ".zst");
        Assert.True(Bock.Images.Layers.LayerCompression.IsZstd(layer));
        string layout = _dir.Combine("zstd-layout");
        string Blob(byte[] bytes)
        {
            string digest = Bock.Images.Content.Digest.Compute(bytes);
            Directory.CreateDirectory(Path.Combine(layout, "blobs/sha256"));
            File.WriteAllBytes(Path.Combine(layout, "blobs/sha256", Bock.Images.Content.Digest.Hex(digest)), bytes);
            return $"{{\"digest\":\"{digest}\",\"size\":{bytes.Length}";
        }
        string layerDescriptor = Blob(layer);
        string config = Blob(System.Text.Encoding.UTF8.GetBytes(
            $"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{{\"Cmd\":[\"/bin/sh\"]}},\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{Bock.Images.Content.Digest.Compute(tar)}\"]}}}}"));
        string manifest = Blob(System.Text.Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{Bock.Images.Oci.MediaTypes.OciManifest}\",\"config\":{config},\"mediaType\":\"{Bock.Images.Oci.MediaTypes.OciConfig}\"}},"
            + $"\"layers\":[{layerDescriptor},\"mediaType\":\"{Bock.Images.Oci.MediaTypes.OciLayerZstd}\"}}]}}"));
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(layout, "index.json"),
            $"{{\"schemaVersion\":2,\"manifests\":[{manifest},\"mediaType\":\"{Bock.Images.Oci.MediaTypes.OciManifest}\",\"annotations\":{{\"org.opencontainers.image.ref.name\":\"v1\"}}}}]}}");
        string target = $"{registries.Open.Host}/interop/zstd:v1";
        Run.Command("skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout}:v1", $"docker://{target}");

        var store = new ImageStore(_dir.Combine("store"));
        using var client = new RegistryClient();
        Image image = await client.PullAsync(store, ImageReference.Parse(target));
        Assert.Equal(Bock.Images.Oci.MediaTypes.OciLayerZstd, Assert.Single(image.Manifest.Layers).MediaType);
        string mounted = Mount(store, await store.UnpackAsync(image));
        Assert.Equal(File.ReadAllBytes(TestImages.BusyboxPath), File.ReadAllBytes(Path.Combine(mounted, "bin/busybox")));
        Assert.Equal("ok\n", Run.Command("chroot", mounted, "/bin/sh", "-c", "echo ok"));
    }

    [Fact]
    public async Task Our_oci_archive_is_read_by_skopeo_and_unpacks_with_umoci_to_the_same_files()
    {
        var store = new ImageStore(_dir.Combine("store"));
        Image image = await TestImages.BuildBusyboxAsync(store);
        string archive = _dir.Combine("image.tar");
        using (var file = File.Create(archive))
            ImageArchive.Save(store, [(ImageReference.Parse("localhost/bock-test/busybox:1"), image)], file, ArchiveFormat.OciArchive);

        using (JsonDocument inspect = JsonDocument.Parse(Run.Command("skopeo", "inspect", $"oci-archive:{archive}:1")))
            Assert.Equal(image.ManifestDigest, inspect.RootElement.GetProperty("Digest").GetString());

        string layout = _dir.Combine("layout");
        Run.Command("skopeo", "copy", $"oci-archive:{archive}:1", $"oci:{layout}:copied");
        string bundle = _dir.Combine("bundle");
        Run.Command("umoci", "unpack", "--image", layout + ":copied", bundle);

        string ours = Mount(store, await store.UnpackAsync(image));
        Assert.Equal(Describe(Path.Combine(bundle, "rootfs")), Describe(ours));
        Assert.False(File.Exists(Path.Combine(bundle, "rootfs", "etc/os-release")));
    }

    [Fact]
    public async Task Files_under_lower_symlinks_land_where_umoci_puts_them()
    {
        // usrmerge-style: layer 1 has lib -> usr/lib and an absolute lib64 -> /usr/lib64; layer 2 writes through both
        var store = new ImageStore(_dir.Combine("store"));
        LayerWriteResult bottom = await ImageWriter.WriteLayerAsync(store, new TarBuilder()
            .Dir("usr").Dir("usr/lib", 0x1e8, 0, 0).Dir("usr/lib64").File("usr/lib/old", "old")
            .Symlink("lib", "usr/lib").Symlink("lib64", "/usr/lib64").ToStream());
        LayerWriteResult top = await ImageWriter.WriteLayerAsync(store, new TarBuilder()
            .File("lib/new", "new").File("lib64/ld.so", "ld").File("lib/.wh.old", "").ToStream());
        Image image = ImageWriter.Commit(store, [bottom, top], new Bock.Images.Oci.ImageConfig(), [ImageReference.Parse("localhost/bock-test/usrmerge:1")]);
        string archive = _dir.Combine("usrmerge.tar");
        using (var file = File.Create(archive))
            ImageArchive.Save(store, [(ImageReference.Parse("localhost/bock-test/usrmerge:1"), image)], file, ArchiveFormat.OciArchive);
        string layout = _dir.Combine("usrmerge-layout");
        Run.Command("skopeo", "copy", $"oci-archive:{archive}:1", $"oci:{layout}:copied");
        string bundle = _dir.Combine("usrmerge-bundle");
        Run.Command("umoci", "unpack", "--image", layout + ":copied", bundle);

        string ours = Mount(store, await store.UnpackAsync(image));
        List<string> theirs = Describe(Path.Combine(bundle, "rootfs"));
        Assert.Equal(theirs, Describe(ours));
        Assert.Contains(theirs, l => l.StartsWith("usr/lib64/ld.so ", StringComparison.Ordinal));
        Assert.Contains(theirs, l => l.StartsWith("lib ", StringComparison.Ordinal) && l.EndsWith("-> usr/lib", StringComparison.Ordinal));
        Assert.DoesNotContain(theirs, l => l.StartsWith("usr/lib/old ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Our_docker_archive_is_read_by_skopeo()
    {
        var store = new ImageStore(_dir.Combine("store"));
        Image image = await TestImages.BuildBusyboxAsync(store);
        string archive = _dir.Combine("docker.tar");
        using (var file = File.Create(archive))
            ImageArchive.Save(store, [(ImageReference.Parse("localhost/bock-test/busybox:1"), image)], file, ArchiveFormat.DockerArchive);
        using JsonDocument inspect = JsonDocument.Parse(Run.Command("skopeo", "inspect", $"docker-archive:{archive}"));
        Assert.Equal(2, inspect.RootElement.GetProperty("Layers").GetArrayLength());
        Assert.Equal(image.Config.RootFs.DiffIds, inspect.RootElement.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
        // the RepoTags entry is found by name
        using JsonDocument byTag = JsonDocument.Parse(Run.Command("skopeo", "inspect", $"docker-archive:{archive}:localhost/bock-test/busybox:1"));
        Assert.Equal(inspect.RootElement.GetProperty("Digest").GetString(), byTag.RootElement.GetProperty("Digest").GetString());

        // and skopeo's own docker-archive output loads here
        string skopeoArchive = _dir.Combine("skopeo-docker.tar");
        Run.Command("skopeo", "copy", $"docker-archive:{archive}", $"docker-archive:{skopeoArchive}:skopeo/out:2");
        var other = new ImageStore(_dir.Combine("other"));
        using var input = File.OpenRead(skopeoArchive);
        LoadedImage loaded = Assert.Single(await ImageArchive.LoadAsync(other, input));
        Assert.Equal("docker.io/skopeo/out:2", Assert.Single(loaded.Names).ToString());
        Assert.Equal(image.Config.RootFs.DiffIds, loaded.Image.Config.RootFs.DiffIds);
    }

    private string Mount(ImageStore store, IReadOnlyList<string> chains)
    {
        string target = _dir.Combine("mnt-" + _mounts.Count);
        OverlayMounter.Mount(store.Snapshots.Prepare("interop-" + _mounts.Count, chains), target);
        _mounts.Add(target);
        return target;
    }

    /// <summary>Every path with its type, mode, owner, size, content hash and link target.</summary>
    private static List<string> Describe(string root)
    {
        var lines = new List<string>();
        foreach (string path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(path);
            string rel = Path.GetRelativePath(root, path);
            Layers.LayerUnpackerTests.Stat(path, out uint uid, out uint gid, out _, out uint mode, out _);
            string detail = info.LinkTarget is { } link ? "-> " + link
                : Directory.Exists(path) ? "dir"
                : Bock.Images.Content.Digest.Compute(File.ReadAllBytes(path));
            lines.Add($"{rel} {Convert.ToString(mode, 8)} {uid}:{gid} {detail}");
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
