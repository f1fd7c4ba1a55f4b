using System.Text;
using Bock.Images.Layers;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Layers;

/// <summary>Extended attributes reach the snapshot byte for byte, binary ones included (read back with getfattr).</summary>
[Trait("Category", "Privileged")]
public sealed class BinaryXattrTests : IDisposable
{
    // vfs_cap_data revision 2, effective: cap_setgid, cap_setuid, cap_net_bind_service permitted. "c0 04" is not UTF-8.
    private static readonly byte[] Capability = Convert.FromHexString("01000002" + "c0040000" + "00000000" + "00000000" + "00000000");
    private static readonly byte[] NotText = [0xff, 0x00, 0xfe, 0x80, 0x41];

    private readonly TempDirectory _dir = new();
    private readonly string _root;

    public BinaryXattrTests()
    {
        _root = _dir.Combine("fs");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => _dir.Dispose();

    private static string GetfattrHex(string path, string name)
    {
        // "name=0x0100..." on its own line
        string line = Run.Command("getfattr", "--absolute-names", "-n", name, "-e", "hex", path)
            .Split('\n').Single(l => l.StartsWith(name + "=", StringComparison.Ordinal));
        return line[(name.Length + 3)..];
    }

    [Fact]
    public void Schily_xattr_values_are_set_as_the_exact_bytes()
    {
        Assert.Equal(20, Capability.Length);
        byte[] tar = new RawPaxTar()
            .File("bin/ping", "elf"u8.ToArray(), ("SCHILY.xattr.security.capability", Capability), ("SCHILY.xattr.user.blob", NotText))
            .ToArray();
        LayerUnpacker.Unpack(new MemoryStream(tar), _root, "layer test");
        Assert.Equal(Convert.ToHexStringLower(Capability), GetfattrHex(Path.Combine(_root, "bin/ping"), "security.capability"));
        Assert.Equal(Convert.ToHexStringLower(NotText), GetfattrHex(Path.Combine(_root, "bin/ping"), "user.blob"));
        Assert.Equal("elf", File.ReadAllText(Path.Combine(_root, "bin/ping")));
    }

    [Fact]
    public void Libarchive_xattrs_are_base64_with_an_escaped_name()
    {
        byte[] tar = new RawPaxTar()
            .File("f", [], ("LIBARCHIVE.xattr.user.escaped%2Dname", Encoding.ASCII.GetBytes(Convert.ToBase64String(NotText).TrimEnd('='))))
            .ToArray();
        LayerUnpacker.Unpack(new MemoryStream(tar), _root, "layer test");
        Assert.Equal(Convert.ToHexStringLower(NotText), GetfattrHex(Path.Combine(_root, "f"), "user.escaped-name"));
    }

    [Fact]
    public void Global_headers_and_long_names_keep_each_entry_with_its_own_xattrs()
    {
        string longName = "d/" + new string('n', 150);
        byte[] tar = new RawPaxTar()
            .Global(("comment", "global"u8.ToArray()))
            .File("d/plain", "p"u8.ToArray())
            .GnuLongName(longName, "l"u8.ToArray())
            .File("d/caps", "c"u8.ToArray(), ("SCHILY.xattr.user.blob", NotText))
            .File("d/after", "a"u8.ToArray())
            .ToArray();
        LayerUnpackResult result = LayerUnpacker.Unpack(new MemoryStream(tar), _root, "layer test");
        Assert.Empty(result.Notes); // neither lost step nor a "skipped entry" for the global header
        Assert.False(Path.Exists(Path.Combine(_root, "pax_global_header")));
        Assert.Equal(Convert.ToHexStringLower(NotText), GetfattrHex(Path.Combine(_root, "d/caps"), "user.blob"));
        Assert.Equal("l", File.ReadAllText(Path.Combine(_root, longName)));
        Assert.Throws<InvalidOperationException>(() => GetfattrHex(Path.Combine(_root, "d/after"), "user.blob"));
        Assert.Throws<InvalidOperationException>(() => GetfattrHex(Path.Combine(_root, "d/plain"), "user.blob"));
    }

    [Fact]
    public void A_capability_set_by_setcap_and_archived_by_gnu_tar_survives_unpacking()
    {
        string source = _dir.Combine("src");
        Directory.CreateDirectory(source);
        string tool = Path.Combine(source, "tool");
        File.WriteAllText(tool, "#!/bin/sh\n");
        Run.Command("setcap", "cap_setgid,cap_setuid,cap_net_bind_service+ep", tool);
        string expected = GetfattrHex(tool, "security.capability");
        string tarPath = _dir.Combine("layer.tar");
        Run.Command("tar", "--xattrs", "--xattrs-include=*", "--format=posix", "-C", source, "-cf", tarPath, "tool");

        using (FileStream layer = File.OpenRead(tarPath))
            LayerUnpacker.Unpack(layer, _root, "layer test");
        Assert.Equal(expected, GetfattrHex(Path.Combine(_root, "tool"), "security.capability"));
        Assert.Contains("cap_net_bind_service", Run.Command("getcap", Path.Combine(_root, "tool")));
    }
}
