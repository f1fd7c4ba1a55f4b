using System.Text;

namespace Bock.Images.Layers;

/// <summary>
/// Watches the tar bytes <see cref="System.Formats.Tar.TarReader"/> reads and keeps each entry's extended attributes
/// (PAX <c>SCHILY.xattr.*</c> raw, <c>LIBARCHIVE.xattr.*</c> base64) as the exact bytes. TarReader hands PAX values
/// out as UTF-8-decoded strings, which corrupts binary values such as <c>security.capability</c>.
/// <para>
/// It follows the archive's block structure only (512-byte headers, data padded to 512, PAX <c>size</c> overrides,
/// GNU long names) and queues one record per entry TarReader will return, in the same order; TarReader reads an
/// entry's header before it returns the entry and never reads ahead of it, so the record is queued by then. Each record
/// carries the entry's name so the caller can check the two stayed in step.
/// </para>
/// </summary>
internal sealed class PaxXattrTap(Stream inner) : Stream
{
    private const int Block = 512;
    private const string Schily = "SCHILY.xattr.", LibArchive = "LIBARCHIVE.xattr.";

    private enum Capture { None, Pax, LongName }

    private readonly byte[] _header = new byte[Block];
    private readonly Queue<(string Name, List<(string Key, byte[] Value)> Xattrs)> _entries = new();
    private int _headerFill;
    private long _skip;
    private Capture _capture;
    private MemoryStream? _captured;
    private long _captureLeft, _padAfterCapture;
    private bool _ended;
    private List<(string, byte[])> _pendingXattrs = [];
    private long? _pendingSize;
    private string? _pendingPath, _longName;

    /// <summary>
    /// The extended attributes of the entry TarReader just returned, or null when the tap lost step with it (an
    /// archive feature it does not follow): the caller then falls back to TarReader's strings.
    /// </summary>
    public bool LostStep { get; private set; }

    public IReadOnlyList<(string Key, byte[] Value)>? Take(string entryName)
    {
        if (LostStep || !_entries.TryDequeue(out var next) || next.Name.TrimEnd('/') != entryName.TrimEnd('/'))
        {
            _entries.Clear();
            _ended = LostStep = true;
            return null;
        }
        return next.Xattrs;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Observe(buffer[..n]);
        return n;
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !_ended)
        {
            if (_captureLeft > 0)
            {
                int take = (int)Math.Min(_captureLeft, data.Length);
                _captured!.Write(data[..take]);
                data = data[take..];
                _captureLeft -= take;
                if (_captureLeft == 0)
                    EndCapture();
                continue;
            }
            if (_skip > 0)
            {
                int take = (int)Math.Min(_skip, data.Length);
                data = data[take..];
                _skip -= take;
                continue;
            }
            int fill = Math.Min(Block - _headerFill, data.Length);
            data[..fill].CopyTo(_header.AsSpan(_headerFill));
            data = data[fill..];
            _headerFill += fill;
            if (_headerFill == Block)
            {
                _headerFill = 0;
                OnHeader();
            }
        }
    }

    private void OnHeader()
    {
        if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            _ended = true; // end-of-archive marker: TarReader stops here too
            return;
        }
        byte type = _header[156];
        long size = ParseNumber(_header.AsSpan(124, 12));
        switch (type)
        {
            case (byte)'x':
                StartCapture(Capture.Pax, size);
                return;
            case (byte)'L':
                StartCapture(Capture.LongName, size);
                return;
            case (byte)'K':
                _skip = Padded(size);
                return;
        }
        string name = _pendingPath ?? _longName ?? UstarName();
        _entries.Enqueue((name, _pendingXattrs));
        if (type != (byte)'g')
            size = _pendingSize ?? size;
        _skip = Padded(size);
        _pendingXattrs = [];
        _pendingSize = null;
        _pendingPath = _longName = null;
    }

    private void StartCapture(Capture kind, long size)
    {
        if (size > 64 << 20)
        {
            _ended = true; // no sane metadata is this big; leave it to TarReader to judge
            return;
        }
        _capture = kind;
        _captured = new MemoryStream((int)size);
        _captureLeft = size;
        _padAfterCapture = Padded(size) - size;
        if (size == 0)
            EndCapture();
    }

    private void EndCapture()
    {
        byte[] bytes = _captured!.ToArray();
        if (_capture == Capture.Pax)
            ParsePax(bytes);
        else
        {
            int z = bytes.AsSpan().IndexOf((byte)0);
            _longName = Encoding.UTF8.GetString(z < 0 ? bytes : bytes.AsSpan(0, z));
        }
        _capture = Capture.None;
        _captured = null;
        _skip = _padAfterCapture;
    }

    /// <summary>PAX records are <c>"LEN KEY=VALUE\n"</c>, LEN counting the whole record; values are raw bytes.</summary>
    private void ParsePax(ReadOnlySpan<byte> records)
    {
        while (!records.IsEmpty)
        {
            int space = records.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(records[..space], out int length) || length <= space + 1 || length > records.Length)
                return; // malformed: TarReader will say so
            ReadOnlySpan<byte> record = records[(space + 1)..length];
            records = records[length..];
            int eq = record.IndexOf((byte)'=');
            if (eq <= 0 || record[^1] != (byte)'\n')
                return;
            string key = Encoding.UTF8.GetString(record[..eq]);
            ReadOnlySpan<byte> value = record[(eq + 1)..^1];
            if (key.StartsWith(Schily, StringComparison.Ordinal))
                _pendingXattrs.Add((key[Schily.Length..], value.ToArray()));
            else if (key.StartsWith(LibArchive, StringComparison.Ordinal))
            {
                string text = Encoding.ASCII.GetString(value);
                // libarchive writes base64 without padding
                _pendingXattrs.Add((Uri.UnescapeDataString(key[LibArchive.Length..]), Convert.FromBase64String(text.PadRight((text.Length + 3) / 4 * 4, '='))));
            }
            else if (key == "path")
                _pendingPath = Encoding.UTF8.GetString(value);
            else if (key == "size" && long.TryParse(value, out long size))
                _pendingSize = size;
        }
    }

    private string UstarName()
    {
        static string Field(ReadOnlySpan<byte> f)
        {
            int z = f.IndexOf((byte)0);
            return Encoding.UTF8.GetString(z < 0 ? f : f[..z]);
        }
        string name = Field(_header.AsSpan(0, 100));
        if (_header.AsSpan(257, 5).SequenceEqual("ustar"u8))
        {
            string prefix = Field(_header.AsSpan(345, 155));
            if (prefix.Length > 0)
                name = prefix + "/" + name;
        }
        return name;
    }

    /// <summary>A numeric header field: octal text, or base-256 when the top bit of its first byte is set.</summary>
    private static long ParseNumber(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7f;
            foreach (byte b in field[1..])
                value = (value << 8) | b;
            return value;
        }
        long octal = 0;
        foreach (byte b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (octal != 0)
                    break;
                continue;
            }
            if (b is < (byte)'0' or > (byte)'7')
                break;
            octal = octal * 8 + (b - '0');
        }
        return octal;
    }

    private static long Padded(long size) => (size + Block - 1) / Block * Block;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
