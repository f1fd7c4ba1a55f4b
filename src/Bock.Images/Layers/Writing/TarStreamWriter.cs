using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Bock.Images.Layers.Writing;

/// <summary>
/// Writes a tar archive byte for byte the same for the same entries: ustar headers, and a PAX extended header only
/// where ustar cannot hold a value (a name or link over 100 bytes, an id over 2097151, a size of 8 GiB or more,
/// extended attributes). Nothing time- or host-dependent is written: no atime/ctime, empty user and group names, PAX
/// headers named from the entry with mtime 0, records sorted by key, and the archive ends after the two zero blocks
/// (no padding to a 10 KiB record, as Go's archive/tar and so Docker and BuildKit end it).
/// <para>.NET's TarWriter cannot be used: it writes PAX values as UTF-8 strings (binary xattrs such as
/// <c>security.capability</c> would be corrupted) and adds atime/ctime to PAX entries.</para>
/// </summary>
internal sealed class TarStreamWriter(Stream output) : IAsyncDisposable
{
    private const int Block = 512, BufferSize = 1 << 17;
    private const long MaxOctal7 = 0x1FFFFF, MaxOctal11 = 0x1FFFFFFFF;

    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _fill;

    public long BytesWritten { get; private set; }

    public async Task WriteEntryAsync(LayerTarEntry entry, CancellationToken ct)
    {
        byte[]? pax = PaxRecords(entry);
        if (pax is not null)
        {
            await WriteHeaderAsync(PaxHeaderName(entry.Path), (byte)'x', 0x1a4, 0, 0, pax.Length, 0, null, 0, 0, ct).ConfigureAwait(false);
            await WriteBytesAsync(pax, ct).ConfigureAwait(false);
            await PadAsync(pax.Length, ct).ConfigureAwait(false);
        }
        await WriteHeaderAsync(entry.Path, entry.TypeFlag, entry.Mode, entry.Uid, entry.Gid, entry.Size, entry.MTime, entry.LinkName,
            entry.DevMajor, entry.DevMinor, ct).ConfigureAwait(false);
        if (entry.Content is { } content)
        {
            await CopyContentAsync(content, entry.Size, entry.Path, ct).ConfigureAwait(false);
            await PadAsync(entry.Size, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The end-of-archive marker (two zero blocks), then everything buffered goes out.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        await ZerosAsync(2 * Block, ct).ConfigureAwait(false);
        await FlushBufferAsync(ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        return ValueTask.CompletedTask;
    }

    /// <summary>The PAX records the entry needs, or null when ustar holds it all.</summary>
    internal static byte[]? PaxRecords(LayerTarEntry entry)
    {
        var records = new List<(byte[] Key, byte[] Value)>();
        if (entry.Path.Length > 100)
            records.Add(("path"u8.ToArray(), entry.Path));
        if (entry.LinkName is { Length: > 100 } link)
            records.Add(("linkpath"u8.ToArray(), link));
        if (entry.Size > MaxOctal11)
            records.Add(("size"u8.ToArray(), Ascii(entry.Size)));
        if (entry.Uid > MaxOctal7)
            records.Add(("uid"u8.ToArray(), Ascii(entry.Uid)));
        if (entry.Gid > MaxOctal7)
            records.Add(("gid"u8.ToArray(), Ascii(entry.Gid)));
        foreach ((byte[] name, byte[] value) in entry.Xattrs)
            records.Add(([.. "SCHILY.xattr."u8, .. name], value));
        if (records.Count == 0)
            return null;
        records.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        var stream = new MemoryStream();
        foreach ((byte[] key, byte[] value) in records)
        {
            // "LEN KEY=VALUE\n", LEN counting the whole record, its own digits included
            int body = key.Length + value.Length + 3;
            int length = body + Digits(body);
            if (Digits(length) != Digits(body))
                length = body + Digits(length);
            stream.Write(Ascii(length));
            stream.WriteByte((byte)' ');
            stream.Write(key);
            stream.WriteByte((byte)'=');
            stream.Write(value);
            stream.WriteByte((byte)'\n');
        }
        return stream.ToArray();
    }

    /// <summary>A PAX header's own name, as Go names it (dir/PaxHeaders.0/base): readers ignore it, so it only has to be stable.</summary>
    private static byte[] PaxHeaderName(byte[] path)
    {
        ReadOnlySpan<byte> trimmed = path.AsSpan().TrimEnd((byte)'/');
        int slash = trimmed.LastIndexOf((byte)'/');
        byte[] name = slash < 0
            ? [.. "PaxHeaders.0/"u8, .. trimmed]
            : [.. trimmed[..(slash + 1)], .. "PaxHeaders.0/"u8, .. trimmed[(slash + 1)..]];
        return name.Length > 100 ? name[..100] : name;
    }

    private async Task WriteHeaderAsync(byte[] name, byte type, uint mode, long uid, long gid, long size, long mtime, byte[]? link,
        uint devMajor, uint devMinor, CancellationToken ct)
    {
        if (BufferSize - _fill < Block)
            await FlushBufferAsync(ct).ConfigureAwait(false);
        Span<byte> header = _buffer.AsSpan(_fill, Block);
        header.Clear();
        // a value ustar cannot hold is in the PAX header: the ustar field then gets a stand-in (first bytes, or 0)
        name.AsSpan(0, Math.Min(name.Length, 100)).CopyTo(header);
        Octal(header.Slice(100, 8), mode & 0xfff);
        Octal(header.Slice(108, 8), uid > MaxOctal7 ? 0 : uid);
        Octal(header.Slice(116, 8), gid > MaxOctal7 ? 0 : gid);
        Octal(header.Slice(124, 12), size > MaxOctal11 ? 0 : size);
        Octal(header.Slice(136, 12), Math.Clamp(mtime, 0, MaxOctal11));
        header.Slice(148, 8).Fill((byte)' ');
        header[156] = type;
        if (link is not null)
            link.AsSpan(0, Math.Min(link.Length, 100)).CopyTo(header.Slice(157, 100));
        "ustar\0"u8.CopyTo(header.Slice(257, 6));
        "00"u8.CopyTo(header.Slice(263, 2));
        // uname (265) and gname (297) stay empty: owners are numeric, whatever the writing host calls them
        Octal(header.Slice(329, 8), devMajor);
        Octal(header.Slice(337, 8), devMinor);
        int sum = 0;
        foreach (byte b in header)
            sum += b;
        Octal(header.Slice(148, 7), sum);
        header[155] = (byte)' ';
        _fill += Block;
        BytesWritten += Block;
    }

    private async Task CopyContentAsync(SafeFileHandle content, long size, byte[] path, CancellationToken ct)
    {
        long offset = 0;
        while (offset < size)
        {
            if (_fill == BufferSize)
                await FlushBufferAsync(ct).ConfigureAwait(false);
            int want = (int)Math.Min(BufferSize - _fill, size - offset);
            // a plain read: a regular file does not block, and a thread-pool hop per small file would cost more than the read
            int n = RandomAccess.Read(content, _buffer.AsSpan(_fill, want), offset);
            if (n == 0)
                throw new IOException($"'{Encoding.UTF8.GetString(path)}' shrank while it was archived ({offset} of {size} bytes)");
            _fill += n;
            offset += n;
            BytesWritten += n;
        }
    }

    private async Task WriteBytesAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            if (_fill == BufferSize)
                await FlushBufferAsync(ct).ConfigureAwait(false);
            int n = Math.Min(BufferSize - _fill, data.Length);
            data.Span[..n].CopyTo(_buffer.AsSpan(_fill));
            data = data[n..];
            _fill += n;
            BytesWritten += n;
        }
    }

    private Task PadAsync(long size, CancellationToken ct) => ZerosAsync((int)((Block - size % Block) % Block), ct);

    private async Task ZerosAsync(int count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_fill == BufferSize)
                await FlushBufferAsync(ct).ConfigureAwait(false);
            int n = Math.Min(BufferSize - _fill, count);
            _buffer.AsSpan(_fill, n).Clear();
            _fill += n;
            count -= n;
            BytesWritten += n;
        }
    }

    private async Task FlushBufferAsync(CancellationToken ct)
    {
        if (_fill == 0)
            return;
        await output.WriteAsync(_buffer.AsMemory(0, _fill), ct).ConfigureAwait(false);
        _fill = 0;
    }

    /// <summary>Zero-padded octal digits filling all but the field's last byte, which stays NUL.</summary>
    private static void Octal(Span<byte> field, long value)
    {
        for (int i = field.Length - 2; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }
        field[^1] = 0;
    }

    private static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static int Digits(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
}
