using System.Formats.Tar;
using System.Text;
using Bock.Images.Layers.Writing;

namespace Bock.Images.Tests.Layers.Writing;

/// <summary>The tar bytes themselves: PAX only where ustar cannot hold a value, records whose lengths count themselves.</summary>
public sealed class TarStreamWriterTests
{
    private static LayerTarEntry File(string name) => new(Encoding.UTF8.GetBytes(name), LayerTarEntry.RegularFile, 0x1a4, 0, 0, 0);

    /// <summary>An independent reading of PAX records: "LEN KEY=VALUE\n" with LEN the record's own length.</summary>
    private static List<(string Key, byte[] Value)> ParseRecords(byte[] records)
    {
        var parsed = new List<(string, byte[])>();
        int offset = 0;
        while (offset < records.Length)
        {
            int space = Array.IndexOf(records, (byte)' ', offset);
            int length = int.Parse(Encoding.ASCII.GetString(records, offset, space - offset));
            Assert.Equal((byte)'\n', records[offset + length - 1]);
            int eq = Array.IndexOf(records, (byte)'=', space);
            parsed.Add((Encoding.UTF8.GetString(records, space + 1, eq - space - 1), records[(eq + 1)..(offset + length - 1)]));
            offset += length;
        }
        return parsed;
    }

    [Fact]
    public void Ustar_holds_short_names_small_ids_and_sizes_below_8_gib_without_pax()
    {
        Assert.Null(TarStreamWriter.PaxRecords(File(new string('n', 100)) with { Uid = 2097151, Gid = 2097151, Size = (8L << 30) - 1 }));
    }

    [Fact]
    public void What_ustar_cannot_hold_goes_into_sorted_pax_records()
    {
        string name = new('n', 101);
        byte[] link = Encoding.UTF8.GetBytes(new string('l', 101));
        byte[] records = TarStreamWriter.PaxRecords(File(name) with
        {
            Uid = 2097152,
            Gid = 3000000,
            Size = 8L << 30,
            LinkName = link,
            Xattrs = [("user.b"u8.ToArray(), [0xff, 0x00, 0x0a]), ("security.capability"u8.ToArray(), [1, 2])],
        })!;
        List<(string Key, byte[] Value)> parsed = ParseRecords(records);
        Assert.Equal(["SCHILY.xattr.security.capability", "SCHILY.xattr.user.b", "gid", "linkpath", "path", "size", "uid"], parsed.Select(p => p.Key));
        Assert.Equal("3000000", Encoding.ASCII.GetString(parsed[2].Value));
        Assert.Equal(link, parsed[3].Value);
        Assert.Equal(name, Encoding.UTF8.GetString(parsed[4].Value));
        Assert.Equal((8L << 30).ToString(), Encoding.ASCII.GetString(parsed[5].Value));
        Assert.Equal(new byte[] { 0xff, 0x00, 0x0a }, parsed[1].Value); // binary, a newline and a NUL included
    }

    [Fact]
    public void Record_lengths_are_right_where_the_length_gains_a_digit()
    {
        // "LEN SCHILY.xattr.user.k=VALUE\n": 9x-byte and 99x-byte records are where LEN's own digits tip it over
        for (int size = 60; size < 1010; size++)
        {
            byte[] value = Enumerable.Repeat((byte)'v', size).ToArray();
            byte[] records = TarStreamWriter.PaxRecords(File("f") with { Xattrs = [("user.k"u8.ToArray(), value)] })!;
            (string key, byte[] read) = Assert.Single(ParseRecords(records));
            Assert.Equal("SCHILY.xattr.user.k", key);
            Assert.Equal(value, read);
        }
    }

    [Fact]
    public async Task Net_tar_reader_reads_long_names_links_and_big_ids_from_pax()
    {
        var output = new MemoryStream();
        await using (var writer = new TarStreamWriter(output))
        {
            await writer.WriteEntryAsync(File(new string('p', 150) + "/") with { TypeFlag = LayerTarEntry.Directory, Mode = 0x1ed, Uid = 5_000_000 }, default);
            await writer.WriteEntryAsync(File("s") with { TypeFlag = LayerTarEntry.Symlink, LinkName = Encoding.UTF8.GetBytes(new string('t', 200)), Mode = 0x1ff }, default);
            await writer.FinishAsync(default);
        }
        Assert.Equal(0, output.Length % 512);
        using var reader = new TarReader(new MemoryStream(output.ToArray()));
        TarEntry dir = reader.GetNextEntry()!;
        Assert.Equal((new string('p', 150) + "/", 5_000_000, TarEntryType.Directory), (dir.Name, dir.Uid, dir.EntryType));
        TarEntry link = reader.GetNextEntry()!;
        Assert.Equal(new string('t', 200), link.LinkName);
        Assert.Null(reader.GetNextEntry());
    }
}
