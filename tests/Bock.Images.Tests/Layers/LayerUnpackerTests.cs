using System.Formats.Tar;
using System.Runtime.InteropServices;
using Bock.Images.Layers;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Layers;

[Trait("Category", "Privileged")]
public sealed partial class LayerUnpackerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _root;
    private readonly string _outside;

    public LayerUnpackerTests()
    {
        _root = _dir.Combine("snapshot", "fs");
        _outside = _dir.Combine("outside");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_outside, "victim"), "untouched");
    }

    public void Dispose() => _dir.Dispose();

    private LayerUnpackResult Unpack(byte[] tar) => LayerUnpacker.Unpack(new MemoryStream(tar), _root, "layer test");

    [Fact]
    public void Keeps_owners_modes_mtimes_hardlinks_devices_xattrs_and_symlinks()
    {
        byte[] tar = new TarBuilder()
            .Dir("bin", 0x1ed, 0, 0)
            .File("bin/tool", "#!/bin/sh\n", 0x9ed /* 04755 */, 1000, 1001)
            .Hardlink("bin/tool-link", "bin/tool")
            .Symlink("bin/sh", "tool")
            .Symlink("abs", "/etc/passwd")
            .CharDevice("dev/null", 1, 3)
            .Fifo("run/fifo")
            .File("x/y/z.txt", "deep", 0x180, pax: new Dictionary<string, string> { ["SCHILY.xattr.user.bock"] = "value" })
            .ToArray();
        LayerUnpackResult result = Unpack(tar);
        Assert.Equal(Bock.Images.Content.Digest.Compute(tar), result.DiffId);

        var tool = new FileInfo(Path.Combine(_root, "bin/tool"));
        Assert.Equal((UnixFileMode)0x9ed, tool.UnixFileMode);
        Assert.Equal(TarBuilder.Time.UtcDateTime, tool.LastWriteTimeUtc);
        Stat(Path.Combine(_root, "bin/tool"), out uint uid, out uint gid, out ulong ino, out _, out _);
        Assert.Equal((1000u, 1001u), (uid, gid));
        Stat(Path.Combine(_root, "bin/tool-link"), out _, out _, out ulong ino2, out _, out _);
        Assert.Equal(ino, ino2);
        Assert.Equal("tool", new FileInfo(Path.Combine(_root, "bin/sh")).LinkTarget);
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(_root, "abs")).LinkTarget);
        Stat(Path.Combine(_root, "dev/null"), out _, out _, out _, out uint mode, out ulong rdev);
        Assert.Equal(0x2000u, mode & 0xF000u);
        Assert.Equal((1u, 3u), (Major(rdev), Minor(rdev)));
        Stat(Path.Combine(_root, "run/fifo"), out _, out _, out _, out mode, out _);
        Assert.Equal(0x1000u, mode & 0xF000u);
        Assert.Equal("value", GetXattr(Path.Combine(_root, "x/y/z.txt"), "user.bock"));
        Assert.Equal(TarBuilder.Time.UtcDateTime, new DirectoryInfo(Path.Combine(_root, "bin")).LastWriteTimeUtc);
    }

    [Fact]
    public void Whiteouts_become_overlay_whiteouts_and_opaque_dirs()
    {
        Unpack(new TarBuilder().Dir("etc").File("etc/.wh.gone", "").Dir("var").File("var/.wh..wh..opq", "").File("var/kept", "k").File(".wh..wh.plnk", "").ToArray());
        Stat(Path.Combine(_root, "etc/gone"), out _, out _, out _, out uint mode, out ulong rdev);
        Assert.Equal((0x2000u, 0ul), (mode & 0xF000u, rdev));
        Assert.False(File.Exists(Path.Combine(_root, "etc/.wh.gone")));
        Assert.Equal("y", GetXattr(Path.Combine(_root, "var"), "trusted.overlay.opaque"));
        Assert.False(File.Exists(Path.Combine(_root, "var/.wh..wh..opq")));
        Assert.True(File.Exists(Path.Combine(_root, "var/kept")));
    }

    [Fact]
    public void Diff_id_mismatch_is_an_error()
    {
        byte[] tar = new TarBuilder().File("a", "a").ToArray();
        var e = Assert.Throws<Bock.Images.Content.DigestMismatchException>(() =>
            LayerUnpacker.Unpack(new MemoryStream(tar), _root, "layer test", Bock.Images.Content.Digest.Compute("other"u8)));
        Assert.Contains("diff id", e.Message);
    }

    [Fact]
    public void Gzip_and_zstd_layers_unpack_by_their_magic()
    {
        var gz = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            z.Write(new TarBuilder().File("gz.txt", "compressed").ToArray());
        LayerUnpacker.Unpack(new MemoryStream(gz.ToArray()), _root, "layer test");
        Assert.Equal("compressed", File.ReadAllText(Path.Combine(_root, "gz.txt")));

        // compressed by the zstd tool (Debian package zstd), as other image builders do
        byte[] tar = new TarBuilder().File("zstd.txt", "zstd-compressed").ToArray();
        string plain = Path.Combine(_dir.Path, "layer.tar");
        File.WriteAllBytes(plain, tar);
        Run.Command("zstd", "-q", "-19", plain, "-o", plain + ".zst");
        LayerUnpackResult result = LayerUnpacker.Unpack(File.OpenRead(plain + ".zst"), _root, "layer test", Bock.Images.Content.Digest.Compute(tar));
        Assert.Equal("zstd-compressed", File.ReadAllText(Path.Combine(_root, "zstd.txt")));
        Assert.Equal(Bock.Images.Content.Digest.Compute(tar), result.DiffId);
    }

    [Fact]
    public void Corrupt_zstd_data_is_a_clear_error_naming_the_layer()
    {
        var e = Assert.Throws<Bock.Images.Oci.ImageFormatException>(() => Unpack([0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
        Assert.Contains("layer test", e.Message);
    }

    // ---- hostile tars: each must fail naming the entry, and nothing may appear outside the snapshot ----

    [Fact]
    public void Dot_dot_path_is_refused()
    {
        var e = Assert.Throws<UnsafeLayerEntryException>(() => Unpack(new TarBuilder().File("a/../../outside/victim", "pwned").ToArray()));
        Assert.Equal("a/../../outside/victim", e.Entry);
        Assert.Contains("'a/../../outside/victim'", e.Message);
        Assert.Contains("..", e.Reason);
        AssertOutsideUntouched();
    }

    [Fact]
    public void Absolute_path_is_refused()
    {
        string target = Path.Combine(_outside, "victim");
        var e = Assert.Throws<UnsafeLayerEntryException>(() => Unpack(new TarBuilder().File(target, "pwned").ToArray()));
        Assert.Contains("absolute", e.Reason);
        Assert.Contains(target.TrimStart('/'), e.Message);
        AssertOutsideUntouched();
    }

    // A symlink is followed re-rooted, as Docker and containerd do: whatever it points at, a write through it lands
    // inside the snapshot, at the path the target names relative to the snapshot root.

    [Fact]
    public void Write_through_relative_symlink_pointing_out_lands_inside()
    {
        string up = string.Concat(Enumerable.Repeat("../", 6)) + _outside.TrimStart('/');
        Unpack(new TarBuilder().Symlink("escape", up).File("escape/victim", "pwned").ToArray());
        Assert.Equal("pwned", File.ReadAllText(Path.Combine(_root, _outside.TrimStart('/'), "victim")));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Write_through_absolute_symlink_pointing_out_lands_inside()
    {
        Unpack(new TarBuilder().Symlink("escape", _outside).File("escape/victim", "pwned").ToArray());
        Assert.Equal("pwned", File.ReadAllText(Path.Combine(_root, _outside.TrimStart('/'), "victim")));
        Assert.Equal(_outside, new FileInfo(Path.Combine(_root, "escape")).LinkTarget);
        AssertOutsideUntouched();
    }

    [Fact]
    public void Nested_symlink_chain_pointing_out_lands_inside()
    {
        Unpack(new TarBuilder().Dir("a").Symlink("a/b", "../c").Symlink("c", _outside).File("a/b/new-file", "pwned").ToArray());
        Assert.False(File.Exists(Path.Combine(_outside, "new-file")));
        Assert.Equal("pwned", File.ReadAllText(Path.Combine(_root, _outside.TrimStart('/'), "new-file")));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Absolute_symlink_to_a_directory_of_the_layer_is_followed_inside()
    {
        Unpack(new TarBuilder().Dir("usr").Dir("usr/lib").Symlink("lib", "/usr/lib").File("lib/libx.so", "x").ToArray());
        Assert.Equal("x", File.ReadAllText(Path.Combine(_root, "usr/lib/libx.so")));
        Assert.Equal("/usr/lib", new FileInfo(Path.Combine(_root, "lib")).LinkTarget);
    }

    [Fact]
    public void Write_through_dangling_symlink_creates_its_target_inside()
    {
        Unpack(new TarBuilder().Symlink("a", "/nowhere/deep").File("a/file", "x").ToArray());
        Assert.Equal("x", File.ReadAllText(Path.Combine(_root, "nowhere/deep/file")));
        Assert.Equal("/nowhere/deep", new FileInfo(Path.Combine(_root, "a")).LinkTarget);
    }

    [Fact]
    public void Symlink_loop_fails_naming_the_entry_and_does_not_hang()
    {
        var e = Assert.Throws<Bock.Images.Oci.ImageFormatException>(() =>
            Unpack(new TarBuilder().Symlink("a", "b").Symlink("b", "/a").File("a/file", "x").ToArray()));
        Assert.Contains("'a/file'", e.Message);
        Assert.Contains("symlinks", e.Message);
    }

    [Fact]
    public void Hardlink_to_outside_target_is_refused()
    {
        var e = Assert.Throws<UnsafeLayerEntryException>(() => Unpack(new TarBuilder().Hardlink("link", "../../outside/victim").ToArray()));
        Assert.Equal("link", e.Entry);
        Assert.False(File.Exists(Path.Combine(_root, "link")));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Hardlink_through_symlink_pointing_out_finds_no_target()
    {
        // out/victim resolves inside the snapshot, where there is no victim to link to
        var e = Assert.Throws<Bock.Images.Oci.ImageFormatException>(() => Unpack(new TarBuilder().Symlink("out", _outside).Hardlink("link", "out/victim").ToArray()));
        Assert.Contains("'link'", e.Message);
        Assert.Contains("hardlink target 'out/victim' not found", e.Message);
        Assert.False(File.Exists(Path.Combine(_root, "link")));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Symlink_entry_replacing_itself_cannot_redirect_a_file_write()
    {
        // a symlink named like a later regular file: the file replaces the link, it never writes through it
        Unpack(new TarBuilder().Symlink("victim", Path.Combine(_outside, "victim")).File("victim", "inside").ToArray());
        Assert.Equal("inside", File.ReadAllText(Path.Combine(_root, "victim")));
        AssertOutsideUntouched();
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal("untouched", File.ReadAllText(Path.Combine(_outside, "victim")));
        Assert.Equal(["victim"], Directory.EnumerateFileSystemEntries(_outside).Select(Path.GetFileName));
    }

    // ---- stat/xattr helpers ----

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxCall(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint Lgetxattr(string path, string name, byte* value, nuint size);

    private static uint Major(ulong rdev) => (uint)(rdev >> 32);
    private static uint Minor(ulong rdev) => (uint)rdev;

    internal static unsafe void Stat(string path, out uint uid, out uint gid, out ulong ino, out uint mode, out ulong rdev)
    {
        byte* buffer = stackalloc byte[256];
        if (StatxCall(-100, path, 0x100 /* AT_SYMLINK_NOFOLLOW */, 0xfff, buffer) != 0)
            throw new IOException($"statx {path}: {Marshal.GetLastPInvokeError()}");
        uid = *(uint*)(buffer + 20);
        gid = *(uint*)(buffer + 24);
        mode = *(ushort*)(buffer + 28);
        ino = *(ulong*)(buffer + 32);
        rdev = ((ulong)*(uint*)(buffer + 128) << 32) | *(uint*)(buffer + 132);
    }

    internal static unsafe string? GetXattr(string path, string name)
    {
        byte* buffer = stackalloc byte[256];
        nint n = Lgetxattr(path, name, buffer, 256);
        return n < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }
}
