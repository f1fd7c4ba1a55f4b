using Bock.Images.Snapshots;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Layers;

[Trait("Category", "Privileged")]
public sealed class OverlaySnapshotTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly MountedOverlays _mounts = new();

    public void Dispose()
    {
        _mounts.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Upper_size_counts_what_the_container_wrote_and_nothing_for_an_unknown_key()
    {
        var snapshots = new OverlaySnapshotter(_dir.Combine("snapshots"));
        var spec = snapshots.Prepare("written", []);
        Directory.CreateDirectory(Path.Combine(spec.UpperDir, "root"));
        File.WriteAllBytes(Path.Combine(spec.UpperDir, "root", "a"), new byte[3000]);
        File.WriteAllBytes(Path.Combine(spec.UpperDir, "b"), new byte[500]);
        File.CreateSymbolicLink(Path.Combine(spec.UpperDir, "link"), "/etc/passwd"); // not followed out of the layer
        Assert.Equal(3500, snapshots.UpperSize("written"));
        Assert.Equal(0, snapshots.UpperSize("never-prepared"));
    }

    [Fact]
    public async Task Overlay_of_two_layers_shows_whiteouts_and_opaque_dirs()
    {
        var store = new ImageStore(_dir.Combine("root"));
        LayerWriteResult bottom = await ImageWriter.WriteLayerAsync(store, new TarBuilder()
            .Dir("etc").File("etc/keep", "keep").File("etc/remove-me", "x")
            .Dir("var").File("var/old-1", "1").File("var/old-2", "2").ToStream());
        LayerWriteResult top = await ImageWriter.WriteLayerAsync(store, new TarBuilder()
            .Dir("etc").File("etc/.wh.remove-me", "").File("etc/new", "new")
            .Dir("var").File("var/.wh..wh..opq", "").File("var/fresh", "f").ToStream());
        Image image = ImageWriter.Commit(store, [bottom, top], new Bock.Images.Oci.ImageConfig(), [Bock.Images.Reference.ImageReference.Parse("localhost/ovl:1")]);

        IReadOnlyList<string> chains = await store.UnpackAsync(image);
        Assert.Equal(image.ChainIds, chains);
        OverlayMountSpec spec = store.Snapshots.Prepare("c1", chains);
        Assert.Equal(store.Snapshots.FsDir(chains[1]), spec.LowerDirs[0]);

        string target = _dir.Combine("rootfs");
        OverlayMounter.Mount(spec, target);
        _mounts.Add(target);

        Assert.Equal(["keep", "new"], Directory.EnumerateFileSystemEntries(Path.Combine(target, "etc")).Select(Path.GetFileName).Order());
        Assert.Equal(["fresh"], Directory.EnumerateFileSystemEntries(Path.Combine(target, "var")).Select(Path.GetFileName));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(target, "etc/keep")));

        // writes go to the container's upper dir, never into the shared layers
        File.WriteAllText(Path.Combine(target, "etc/keep"), "changed");
        Assert.Equal("keep", File.ReadAllText(Path.Combine(store.Snapshots.FsDir(chains[0]), "etc/keep")));
        Assert.Equal("changed", File.ReadAllText(Path.Combine(spec.UpperDir, "etc/keep")));

        OverlayMounter.Unmount(target);
        _mounts.Remove(target);
        // the snapshots stay while an active snapshot stands on them, and go with it
        Assert.True(store.Untag(Bock.Images.Reference.ImageReference.Parse("localhost/ovl:1")));
        Assert.Empty(store.GarbageCollect().RemovedSnapshots);
        store.Snapshots.RemoveActive("c1");
        Assert.Equal(2, store.GarbageCollect().RemovedSnapshots.Count);
    }

    [Fact]
    public async Task File_under_a_lower_layers_symlink_shows_up_through_the_symlink_in_the_overlay()
    {
        var store = new ImageStore(_dir.Combine("root"));
        LayerWriteResult bottom = await ImageWriter.WriteLayerAsync(store, new TarBuilder()
            .Dir("usr").Dir("usr/lib").File("usr/lib/old", "old").Symlink("lib", "usr/lib").ToStream());
        LayerWriteResult top = await ImageWriter.WriteLayerAsync(store, new TarBuilder().File("lib/foo", "foo").ToStream());
        Image image = ImageWriter.Commit(store, [bottom, top], new Bock.Images.Oci.ImageConfig(), [Bock.Images.Reference.ImageReference.Parse("localhost/usrmerge:1")]);

        IReadOnlyList<string> chains = await store.UnpackAsync(image);
        string target = _dir.Combine("rootfs");
        OverlayMounter.Mount(store.Snapshots.Prepare("c2", chains), target);
        _mounts.Add(target);

        Assert.Equal("usr/lib", new FileInfo(Path.Combine(target, "lib")).LinkTarget);
        Assert.Equal(["foo", "old"], Directory.EnumerateFileSystemEntries(Path.Combine(target, "usr/lib")).Select(Path.GetFileName).Order());
        Assert.Equal("foo", File.ReadAllText(Path.Combine(target, "lib/foo")));
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "lib/old")));
    }

    [Fact]
    public async Task Busybox_image_unpacks_once_and_runs_from_the_overlay()
    {
        var store = new ImageStore(_dir.Combine("root"));
        Image image = await TestImages.BuildBusyboxAsync(store);
        IReadOnlyList<string> chains = await store.UnpackAsync(image);
        DateTime first = Directory.GetCreationTimeUtc(store.Snapshots.FsDir(chains[0]));
        await store.UnpackAsync(image);
        Assert.Equal(first, Directory.GetCreationTimeUtc(store.Snapshots.FsDir(chains[0])));

        string target = _dir.Combine("rootfs");
        OverlayMounter.Mount(store.Snapshots.Prepare("bb", chains), target);
        _mounts.Add(target);
        Assert.False(File.Exists(Path.Combine(target, "etc/os-release")));
        Assert.Equal("hello from layer 2\n", File.ReadAllText(Path.Combine(target, "etc/hello")));
        Assert.Equal("hi\n", Run.Command("chroot", target, "/bin/sh", "-c", "echo hi"));
    }
}
