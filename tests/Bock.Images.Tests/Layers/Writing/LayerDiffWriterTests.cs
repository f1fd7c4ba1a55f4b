using System.Formats.Tar;
using System.Security.Cryptography;
using Bock.Images.Layers;
using Bock.Images.Layers.Writing;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Layers.Writing;

/// <summary>The layer writer on real trees (root: owners, devices, trusted.* xattrs), read back by our unpacker and GNU tar.</summary>
[Trait("Category", "Privileged")]
public sealed class LayerDiffWriterTests : IDisposable
{
    private const long Mtime = 1_700_000_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string NewDir(string name)
    {
        string path = _dir.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static async Task<byte[]> TarOf(string dir, LayerWriteOptions? options = null)
    {
        var output = new MemoryStream();
        await LayerDiffWriter.WriteTarAsync(dir, output, options ?? new LayerWriteOptions());
        return output.ToArray();
    }

    private static string Listing(byte[] tar) => string.Join('\n', Entries(tar).Select(e =>
        $"{e.Name} {e.EntryType} {e.Mode} {e.Uid}:{e.Gid} {e.ModificationTime.ToUnixTimeSeconds()} {e.Length} {e.LinkName} "
        + string.Join(',', ((PaxTarEntry?)(e as PaxTarEntry))?.ExtendedAttributes.Select(kv => kv.Key) ?? [])));

    private static List<TarEntry> Entries(byte[] tar)
    {
        var entries = new List<TarEntry>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry(copyData: true) is { } e)
            entries.Add(e);
        return entries;
    }

    [Fact]
    public async Task What_is_written_unpacks_to_the_same_tree_whiteouts_opaque_dirs_and_xattrs_included()
    {
        string source = NewDir("source");
        LayerTrees.Everything(source, Mtime);
        byte[] tar = await TarOf(source);

        string unpacked = NewDir("unpacked");
        LayerUnpackResult result = LayerUnpacker.Unpack(new MemoryStream(tar), unpacked, "written layer");
        Assert.Empty(result.Notes);
        Assert.Equal(TreeDescription.Of(source), TreeDescription.Of(unpacked));
        // the description is not vacuous: it sees what the tree holds
        string described = TreeDescription.Of(source);
        Assert.Contains("./deleted whiteout", described);
        Assert.Contains("xattr ./opaque trusted.overlay.opaque=0x79", described);
        Assert.Contains("./bin/ping|regular file|4755|0|0|" + Mtime, described);
        Assert.Contains("./srv|directory|2775|3000000|3000001|", described);
        Assert.Contains("xattr ./bin/ping security.capability=0x" + Convert.ToHexStringLower(LayerTrees.Capability), described);
    }

    [Fact]
    public async Task Trees_made_at_different_times_in_another_order_give_the_same_bytes_with_a_source_date_epoch()
    {
        string first = NewDir("first"), second = NewDir("second");
        LayerTrees.Everything(first, Mtime + 1000);
        Thread.Sleep(1100);
        LayerTrees.Everything(second, Mtime + 5000, reverse: true);
        var options = new LayerWriteOptions(SourceDateEpoch: Mtime);

        byte[] a = await TarOf(first, options), b = await TarOf(second, options);
        Assert.Equal(Listing(a), Listing(b));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(a)), Convert.ToHexStringLower(SHA256.HashData(b)));
        Assert.NotEqual(await TarOf(first), await TarOf(second)); // without the epoch, the mtimes differ
        // min(mtime, epoch): newer entries are clamped, an older one keeps its time
        List<TarEntry> entries = Entries(a);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_000_000_000), entries.Single(e => e.Name == "etc/hostname").ModificationTime);
        Assert.All(entries.Where(e => e.Name != "etc/hostname"), e => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Mtime), e.ModificationTime));

        var storeA = new ImageStore(NewDir("store-a"));
        var storeB = new ImageStore(NewDir("store-b"));
        LayerWriteResult ra = await LayerDiffWriter.WriteAsync(storeA, first, options);
        LayerWriteResult rb = await LayerDiffWriter.WriteAsync(storeB, second, options);
        Assert.Equal(ra, rb);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(a)), ra.DiffId);
    }

    [Fact]
    public async Task Entries_go_depth_first_siblings_in_bytewise_order_parents_before_children()
    {
        string source = NewDir("order");
        LayerTrees.Sh(source, "mkdir a && : > a-b && : > a.txt && : > B && : > a/c && mkdir a/b && : > a/b/x && mknod a/z c 0 0 && : > 'é' && : > Z");
        LayerTrees.Sh(source, "setfattr -n trusted.overlay.opaque -v y a");
        List<string> names = Entries(await TarOf(source)).Select(e => e.Name).ToList();
        // 'B' < 'Z' < 'a'; '-' (2d) < '.' (2e) < '/' (2f); "é" is c3 a9, after ASCII; the opaque marker follows its directory
        Assert.Equal(["B", "Z", "a-b", "a.txt", "a/", "a/.wh..wh..opq", "a/.wh.z", "a/b/", "a/b/x", "a/c", "é"], names);
    }

    [Fact]
    public async Task Second_paths_to_an_inode_are_hardlinks_to_the_first_in_tar_order()
    {
        string source = NewDir("links");
        LayerTrees.Sh(source, "mkdir z && printf data > z/first && ln z/first a && ln z/first z/second && ln -s t s && ln s s2");
        List<TarEntry> entries = Entries(await TarOf(source));
        TarEntry a = entries.Single(e => e.Name == "a");
        Assert.Equal(TarEntryType.RegularFile, a.EntryType);
        Assert.Equal(4, a.Length);
        Assert.All(entries.Where(e => e.Name is "z/first" or "z/second"), e =>
        {
            Assert.Equal(TarEntryType.HardLink, e.EntryType);
            Assert.Equal("a", e.LinkName);
        });
        TarEntry s2 = entries.Single(e => e.Name == "s2");
        Assert.Equal((TarEntryType.HardLink, "s"), (s2.EntryType, s2.LinkName));

        string unpacked = NewDir("unpacked");
        LayerUnpacker.Unpack(new MemoryStream(await TarOf(source)), unpacked, "links");
        Assert.Equal(TreeDescription.Of(source), TreeDescription.Of(unpacked));
    }

    [Fact]
    public async Task Binary_xattrs_round_trip_byte_for_byte_and_overlay_ones_stay_out()
    {
        string source = NewDir("xattrs");
        LayerTrees.Sh(source, "printf e > f && setfattr -n security.capability -v 0x" + Convert.ToHexStringLower(LayerTrees.Capability) + " f"
            + " && setfattr -n user.blob -v 0x" + Convert.ToHexStringLower(LayerTrees.NotText) + " f"
            + " && setfattr -n trusted.overlay.origin -v 0x00fb f && mkdir d && setfattr -n trusted.overlay.impure -v y d");
        byte[] tar = await TarOf(source);
        // the raw PAX records, as a reader that keeps bytes sees them
        var tap = new PaxXattrTap(new MemoryStream(tar));
        using (var reader = new TarReader(tap))
        {
            while (reader.GetNextEntry() is { } e)
            {
                IReadOnlyList<(string Key, byte[] Value)> xattrs = tap.Take(e.Name)!;
                if (e.Name == "f")
                {
                    Assert.Equal(["security.capability", "user.blob"], xattrs.Select(x => x.Key));
                    Assert.Equal(LayerTrees.Capability, xattrs[0].Value);
                    Assert.Equal(LayerTrees.NotText, xattrs[1].Value);
                }
                else
                    Assert.Empty(xattrs);
            }
        }
        string unpacked = NewDir("unpacked");
        LayerUnpacker.Unpack(new MemoryStream(tar), unpacked, "xattrs");
        string described = TreeDescription.Of(unpacked);
        Assert.Contains("xattr ./f user.blob=0x" + Convert.ToHexStringLower(LayerTrees.NotText), described);
        Assert.DoesNotContain("trusted.overlay", described);
    }

    [Fact]
    public async Task Gnu_tar_lists_and_extracts_it()
    {
        string source = NewDir("gnu");
        LayerTrees.Everything(source, Mtime);
        string file = _dir.Combine("layer.tar");
        await File.WriteAllBytesAsync(file, await TarOf(source));
        string listing = Run.Command("tar", "--numeric-owner", "-tvf", file);
        Assert.Contains("-rwsr-xr-x 0/0", listing);
        Assert.Contains("bin/ping", listing);
        Assert.Contains("hl/a link to bin/c", listing);
        Assert.Contains("bin/absolute -> /etc/shadow", listing);
        Assert.Contains("crw-r--r-- 0/0", listing.Replace("crw-------", "crw-r--r--")); // dev-null: a character device line
        Assert.Contains("drwxrwsr-x 3000000/3000001", listing);
        Assert.Contains(new string('d', 60) + "/" + new string('e', 60) + "/" + new string('f', 90), listing);
        Assert.Contains("deleted", listing.Split('\n').Single(l => l.EndsWith(".wh.deleted", StringComparison.Ordinal)));
        Assert.Contains("opaque/.wh..wh..opq", listing);

        string extracted = NewDir("extracted");
        Run.Command("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf", file, "-C", extracted);
        Assert.Equal(File.ReadAllBytes(Path.Combine(source, "big.bin")), File.ReadAllBytes(Path.Combine(extracted, "big.bin")));
        Assert.Contains("xattr ./bin/ping security.capability=0x" + Convert.ToHexStringLower(LayerTrees.Capability), TreeDescription.Of(extracted));
    }

    [Fact]
    public async Task An_empty_layer_is_the_end_of_archive_marker_alone()
    {
        string source = NewDir("empty");
        byte[] tar = await TarOf(source);
        Assert.Equal(new byte[1024], tar);
        var store = new ImageStore(NewDir("store"));
        LayerWriteResult result = await LayerDiffWriter.WriteAsync(store, source, new LayerWriteOptions());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(new byte[1024])), result.DiffId);
        Assert.Equal(Bock.Images.Oci.MediaTypes.OciLayerGzip, result.Descriptor.MediaType);
        Assert.Equal(result.Descriptor.Size, store.Blobs.SizeOf(result.Descriptor.Digest));
    }

    [Fact]
    public async Task The_gzip_blob_has_no_name_and_mtime_zero_and_decompresses_to_the_diff_id()
    {
        string source = NewDir("gz");
        LayerTrees.Everything(source, Mtime);
        var store = new ImageStore(NewDir("store"));
        LayerWriteResult result = await LayerDiffWriter.WriteAsync(store, source, new LayerWriteOptions(Mtime));
        byte[] blob = store.Blobs.ReadAllBytes(result.Descriptor.Digest);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob)), result.Descriptor.Digest);
        Assert.Equal((byte)0x1f, blob[0]);
        Assert.Equal((byte)0x8b, blob[1]);
        Assert.Equal((byte)8, blob[2]); // deflate
        Assert.Equal((byte)0, blob[3]); // flags: no name, no comment, no extra field
        Assert.Equal(new byte[4], blob[4..8]); // mtime 0
        string gunzipped = Run.Command("bash", "-c", "gzip -dc \"$1\" | sha256sum", "_", store.Blobs.PathOf(result.Descriptor.Digest));
        Assert.Equal(result.DiffId, "sha256:" + gunzipped.Split(' ')[0]);
        Assert.Equal(await TarOf(source, new LayerWriteOptions(Mtime)), await ReadGunzip(blob));
    }

    private static async Task<byte[]> ReadGunzip(byte[] blob)
    {
        var output = new MemoryStream();
        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(blob), System.IO.Compression.CompressionMode.Decompress);
        await gzip.CopyToAsync(output);
        return output.ToArray();
    }

    [Fact]
    public async Task Owners_can_be_normalised_to_root()
    {
        string source = NewDir("owners");
        LayerTrees.Everything(source, Mtime);
        List<TarEntry> entries = Entries(await TarOf(source, new LayerWriteOptions(NormalizeOwners: true)));
        Assert.All(entries, e => Assert.Equal((0, 0, "", ""), (e.Uid, e.Gid, ((PosixTarEntry)e).UserName, ((PosixTarEntry)e).GroupName)));
        Assert.Contains(Entries(await TarOf(source)), e => e.Uid == 3000000);
    }

    [Fact]
    public async Task Symlinks_are_written_as_links_and_never_followed_out_of_the_layer()
    {
        string outside = NewDir("outside");
        File.WriteAllText(Path.Combine(outside, "secret"), "do not archive");
        string source = NewDir("escape");
        LayerTrees.Sh(source, $"ln -s {outside} dirlink && ln -s {outside}/secret filelink && mkdir d && ln -s ../../outside d/up");
        List<TarEntry> entries = Entries(await TarOf(source));
        Assert.Equal(["d/", "d/up", "dirlink", "filelink"], entries.Select(e => e.Name));
        Assert.All(entries.Where(e => e.Name != "d/"), e => Assert.Equal(TarEntryType.SymbolicLink, e.EntryType));
        Assert.Equal(outside + "/secret", entries.Single(e => e.Name == "filelink").LinkName);
    }

    [Fact]
    public async Task Names_that_are_not_utf8_and_long_xattrs_reach_gnu_tar_unchanged()
    {
        string source = NewDir("bytes");
        string extracted = NewDir("extracted");
        try
        {
            LayerTrees.Sh(source, "mkdir $'dir\\xff' && printf x > $'dir\\xff/latin1-\\xe9' && ln -s $'\\xfe' $'dir\\xff/link'"
                + " && for n in 70 76 77 995 996 997 1000; do printf x > f$n && setfattr -n user.k -v \"$(head -c $n /dev/zero | tr '\\0' v)\" f$n; done");
            string file = _dir.Combine("bytes.tar");
            await File.WriteAllBytesAsync(file, await TarOf(source));
            Run.Command("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf", file, "-C", extracted);
            Assert.Equal(TreeDescription.Of(source), TreeDescription.Of(extracted));
            Run.Command("bash", "-c", "test -f \"$1\"/$'dir\\xff/latin1-\\xe9' && test \"$(readlink \"$1\"/$'dir\\xff/link')\" = $'\\xfe'", "_", extracted);
        }
        finally
        {
            Run.Command("rm", "-rf", source, extracted); // .NET cannot delete a name that is not UTF-8
        }
    }

    [Fact]
    public async Task Writing_stops_when_cancelled()
    {
        string source = NewDir("cancel");
        LayerTrees.Everything(source, Mtime);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LayerDiffWriter.WriteTarAsync(source, new MemoryStream(), new LayerWriteOptions(), new CancellationToken(canceled: true)));
        var store = new ImageStore(NewDir("store"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LayerDiffWriter.WriteAsync(store, source, new LayerWriteOptions(), new CancellationToken(canceled: true)));
        Assert.Empty(store.Blobs.List());
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Blobs.Root, "ingest")));
    }

    [Fact]
    public async Task Sockets_are_left_out_as_tar_has_no_type_for_them()
    {
        string source = NewDir("sockets");
        LayerTrees.Sh(source, "python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('app.sock')\" && test -S app.sock && : > after");
        Assert.Equal(["after"], Entries(await TarOf(source)).Select(e => e.Name));
    }

    [Fact]
    public async Task A_real_file_named_like_a_whiteout_is_refused()
    {
        string source = NewDir("fake-whiteout");
        LayerTrees.Sh(source, "mkdir d && : > d/.wh.x");
        var e = await Assert.ThrowsAsync<LayerWriteException>(() => TarOf(source));
        Assert.Equal("d/.wh.x", e.EntryPath);
    }
}
