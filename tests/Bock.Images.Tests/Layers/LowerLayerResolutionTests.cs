using Bock.Images.Layers;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Layers;

/// <summary>
/// A layer's paths mean what they mean in the merged image: parents resolve through the lower snapshots the way
/// overlayfs shows them (symlinks re-rooted, whiteouts hiding, opaque directories stopping the merge).
/// </summary>
[Trait("Category", "Privileged")]
public sealed class LowerLayerResolutionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Unpacks each tar (bottom first) into its own snapshot dir, with the ones before it as lowers.</summary>
    private List<string> UnpackLayers(params byte[][] layers)
    {
        var dirs = new List<string>();
        foreach (byte[] tar in layers)
        {
            string fs = _dir.Combine($"layer{dirs.Count}");
            Directory.CreateDirectory(fs);
            List<string> lowers = Enumerable.Reverse(dirs).ToList();
            LayerUnpacker.Unpack(new MemoryStream(tar), fs, $"layer {dirs.Count}", lowerDirs: () => lowers);
            dirs.Add(fs);
        }
        return dirs;
    }

    private static byte[] LibSymlinkLayer() => new TarBuilder()
        .Dir("usr").Dir("usr/lib", 0x1e8 /* 0750 */, 7, 8).File("usr/lib/old", "old").Symlink("lib", "usr/lib").ToArray();

    [Fact]
    public void File_under_a_lower_symlink_is_written_where_the_symlink_points()
    {
        List<string> dirs = UnpackLayers(LibSymlinkLayer(), new TarBuilder().File("lib/foo", "foo").Dir("lib/sub").File("lib/sub/x", "x").ToArray());
        string upper = dirs[1];
        Assert.Equal("foo", File.ReadAllText(Path.Combine(upper, "usr/lib/foo")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(upper, "usr/lib/sub/x")));
        Assert.Equal(TarBuilder.Time.UtcDateTime, Directory.GetLastWriteTimeUtc(Path.Combine(upper, "usr/lib/sub")));
        Assert.False(Path.Exists(Path.Combine(upper, "lib")));
        // the directories made on the way stand for the lower ones: same mode, owner and mtime
        LayerUnpackerTests.Stat(Path.Combine(upper, "usr/lib"), out uint uid, out uint gid, out _, out uint mode, out _);
        Assert.Equal((7u, 8u, 0x41e8u), (uid, gid, mode));
        Assert.Equal(TarBuilder.Time.UtcDateTime, Directory.GetLastWriteTimeUtc(Path.Combine(upper, "usr/lib")));
        Assert.False(Path.Exists(Path.Combine(upper, "usr/lib/old")));
    }

    [Fact]
    public void Whiteout_and_hardlink_under_a_lower_symlink_follow_it()
    {
        List<string> dirs = UnpackLayers(LibSymlinkLayer(), new TarBuilder()
            .File("lib/.wh.old", "").File("lib/new", "n").Hardlink("lib/new-link", "lib/new").ToArray());
        string upper = dirs[1];
        LayerUnpackerTests.Stat(Path.Combine(upper, "usr/lib/old"), out _, out _, out ulong ino, out uint mode, out ulong rdev);
        Assert.Equal((0x2000u, 0ul), (mode & 0xF000u, rdev));
        LayerUnpackerTests.Stat(Path.Combine(upper, "usr/lib/new"), out _, out _, out ino, out _, out _);
        LayerUnpackerTests.Stat(Path.Combine(upper, "usr/lib/new-link"), out _, out _, out ulong ino2, out _, out _);
        Assert.Equal(ino, ino2);
    }

    [Fact]
    public void Absolute_lower_symlink_is_re_rooted_at_the_image_root()
    {
        List<string> dirs = UnpackLayers(
            new TarBuilder().Dir("data").Symlink("srv", "/data").Symlink("escape", "/tmp").ToArray(),
            new TarBuilder().File("srv/x", "x").File("escape/y", "y").ToArray());
        Assert.Equal("x", File.ReadAllText(Path.Combine(dirs[1], "data/x")));
        Assert.Equal("y", File.ReadAllText(Path.Combine(dirs[1], "tmp/y")));
        Assert.False(File.Exists("/tmp/y"));
    }

    [Fact]
    public void A_whiteout_in_a_middle_layer_hides_the_symlink_below()
    {
        List<string> dirs = UnpackLayers(LibSymlinkLayer(), new TarBuilder().File(".wh.lib", "").ToArray(),
            new TarBuilder().File("lib/foo", "foo").ToArray());
        string top = dirs[2];
        Assert.True(Directory.Exists(Path.Combine(top, "lib")));
        Assert.Null(new DirectoryInfo(Path.Combine(top, "lib")).LinkTarget);
        Assert.Equal("foo", File.ReadAllText(Path.Combine(top, "lib/foo")));
        Assert.False(Path.Exists(Path.Combine(top, "usr")));
    }

    [Fact]
    public void An_opaque_directory_hides_what_lies_below_it()
    {
        List<string> dirs = UnpackLayers(
            new TarBuilder().Dir("x").Symlink("x/y", "/elsewhere").ToArray(),
            new TarBuilder().Dir("x").File("x/.wh..wh..opq", "").ToArray(),
            new TarBuilder().File("x/y/f", "f").ToArray());
        string top = dirs[2];
        Assert.Equal("f", File.ReadAllText(Path.Combine(top, "x/y/f")));
        Assert.False(Path.Exists(Path.Combine(top, "elsewhere")));
    }

    [Fact]
    public async Task A_failing_lower_layer_is_the_error_reported_and_no_snapshot_is_left()
    {
        var store = new Bock.Images.Store.ImageStore(_dir.Combine("root"));
        var bottom = await Bock.Images.Store.ImageWriter.WriteLayerAsync(store, new TarBuilder().Dir("usr").File("../escape", "x").ToStream());
        var top = await Bock.Images.Store.ImageWriter.WriteLayerAsync(store, new TarBuilder().File("usr/lib/foo", "foo").ToStream());
        var image = Bock.Images.Store.ImageWriter.Commit(store, [bottom, top], new Bock.Images.Oci.ImageConfig(),
            [Bock.Images.Reference.ImageReference.Parse("localhost/broken:1")]);
        var e = await Assert.ThrowsAsync<UnsafeLayerEntryException>(() => store.UnpackAsync(image));
        Assert.Equal("../escape", e.Entry);
        Assert.Empty(store.Snapshots.ListCommitted());
        Assert.Empty(Directory.EnumerateDirectories(_dir.Combine("root", "snapshots"), "tmp-*"));
    }

    [Fact]
    public void A_lower_file_in_the_path_is_a_clear_error()
    {
        var e = Assert.Throws<Bock.Images.Oci.ImageFormatException>(() =>
            UnpackLayers(new TarBuilder().File("etc", "a file").ToArray(), new TarBuilder().File("etc/passwd", "x").ToArray()));
        Assert.Contains("'etc/passwd'", e.Message);
        Assert.Contains("not a directory", e.Message);
    }
}
