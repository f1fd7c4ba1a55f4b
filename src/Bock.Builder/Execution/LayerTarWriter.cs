using System.Text;

namespace Bock.Builder.Execution;

/// <summary>
/// Writes a layer directory (an overlay upper dir, or a directory a COPY filled) as a deterministic tar: entries in
/// ordinal order, no atime/ctime, no user or group names, mtimes clamped to SOURCE_DATE_EPOCH when given. Overlay
/// whiteouts (0/0 character devices) become <c>.wh.name</c>, an opaque directory gets <c>.wh..wh..opq</c>, hard
/// links within the layer become link entries. ustar headers, with a PAX header only for names that do not fit.
/// </summary>
/// <remarks>The builder's own writer until the shared LayerDiffWriter (branch layerwriter) is merged.</remarks>
internal sealed class LayerTarWriter
{
    private const int Block = 512;
    private readonly Stream _output;
    private readonly long? _epoch;
    private readonly Dictionary<(ulong, ulong), string> _links = [];

    private LayerTarWriter(Stream output, long? epoch)
    {
        _output = output;
        _epoch = epoch;
    }

    public static void Write(string layerDirectory, Stream output, long? sourceDateEpoch)
    {
        var writer = new LayerTarWriter(output, sourceDateEpoch);
        writer.WriteChildren(layerDirectory, "");
        output.Write(new byte[Block * 2]);
    }

    private void WriteChildren(string directory, string prefix)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name);
            var stat = FileStat.Lstat(path);
            var entryName = prefix + name;
            switch (stat.Type)
            {
                case FileStat.Directory:
                    WriteHeader(entryName + "/", stat, '5', 0, "");
                    if (FileStat.IsOpaque(path)) WriteWhiteout(entryName + "/.wh..wh..opq", stat);
                    WriteChildren(path, entryName + "/");
                    break;
                case FileStat.Char when stat.Rdev == 0:
                    WriteWhiteout(prefix + ".wh." + name, stat);
                    break;
                case FileStat.Regular:
                    if (stat.Nlink > 1)
                    {
                        if (_links.TryGetValue((stat.Dev, stat.Ino), out var first))
                        {
                            WriteHeader(entryName, stat, '1', 0, first);
                            break;
                        }
                        _links[(stat.Dev, stat.Ino)] = entryName;
                    }
                    WriteHeader(entryName, stat, '0', stat.Size, "");
                    using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
                    {
                        var copied = CopyExactly(file, stat.Size);
                        if (copied != stat.Size) throw new IOException($"{path} changed while its layer was written");
                    }
                    Pad(stat.Size);
                    break;
                case FileStat.Symlink:
                    WriteHeader(entryName, stat, '2', 0, new FileInfo(path).LinkTarget ?? "");
                    break;
                case FileStat.Char:
                    WriteHeader(entryName, stat, '3', 0, "");
                    break;
                case FileStat.Block:
                    WriteHeader(entryName, stat, '4', 0, "");
                    break;
                case FileStat.Fifo:
                    WriteHeader(entryName, stat, '6', 0, "");
                    break;
                default:
                    break; // sockets are not carried in layers
            }
        }
    }

    private void WriteWhiteout(string name, FileStat.Stat like)
    {
        var stat = like with { Mode = FileStat.Regular, Uid = 0, Gid = 0, Rdev = 0 };
        WriteHeader(name, stat, '0', 0, "");
    }

    private long CopyExactly(Stream source, long size)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        while (total < size)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, size - total));
            if (read == 0) break;
            _output.Write(buffer, 0, read);
            total += read;
        }
        return total;
    }

    private void Pad(long size)
    {
        var rest = (int)(size % Block);
        if (rest != 0) _output.Write(new byte[Block - rest]);
    }

    private void WriteHeader(string name, FileStat.Stat stat, char type, long size, string link)
    {
        var mtime = _epoch is { } epoch ? Math.Min(stat.Mtime, epoch) : stat.Mtime;
        var (ustarName, ustarPrefix) = Split(name);
        var linkFits = Encoding.UTF8.GetByteCount(link) <= 100;
        if (ustarName is null || !linkFits)
        {
            var records = new StringBuilder();
            if (ustarName is null) records.Append(PaxRecord("path", name));
            if (!linkFits) records.Append(PaxRecord("linkpath", link));
            var body = Encoding.UTF8.GetBytes(records.ToString());
            WriteRaw("PaxHeader", "", 0x1a4, 0, 0, body.Length, mtime, 'x', "", 0, 0);
            _output.Write(body);
            Pad(body.Length);
            ustarName = Truncate(name, 100);
            ustarPrefix = "";
        }
        WriteRaw(ustarName, ustarPrefix!, stat.Mode & 0xFFF, stat.Uid, stat.Gid, size, mtime, type, linkFits ? link : Truncate(link, 100),
            type is '3' or '4' ? stat.Major : 0, type is '3' or '4' ? stat.Minor : 0);
    }

    private void WriteRaw(string name, string prefix, uint mode, uint uid, uint gid, long size, long mtime, char type, string link, uint major, uint minor)
    {
        var header = new byte[Block];
        Put(header, 0, 100, name);
        Octal(header, 100, 8, mode);
        Octal(header, 108, 8, uid);
        Octal(header, 116, 8, gid);
        Octal(header, 124, 12, size);
        Octal(header, 136, 12, Math.Max(0, mtime));
        header.AsSpan(148, 8).Fill((byte)' ');
        header[156] = (byte)type;
        Put(header, 157, 100, link);
        Put(header, 257, 6, "ustar");
        header[263] = (byte)'0';
        header[264] = (byte)'0';
        Octal(header, 329, 8, major);
        Octal(header, 337, 8, minor);
        Put(header, 345, 155, prefix);
        var sum = 0;
        foreach (var b in header) sum += b;
        Octal(header, 148, 7, sum);
        _output.Write(header);
    }

    /// <summary>ustar's name (100 bytes) and prefix (155 bytes) split at a slash; null name when it does not fit.</summary>
    private static (string? Name, string? Prefix) Split(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= 100) return (name, "");
        for (var i = name.Length - 1; i > 0; i--)
        {
            if (name[i] != '/' || i == name.Length - 1) continue;
            var prefix = name[..i];
            var rest = name[(i + 1)..];
            if (Encoding.UTF8.GetByteCount(prefix) <= 155 && Encoding.UTF8.GetByteCount(rest) <= 100) return (rest, prefix);
        }
        return (null, null);
    }

    private static string PaxRecord(string key, string value)
    {
        var payload = $" {key}={value}\n";
        var length = Encoding.UTF8.GetByteCount(payload);
        var total = length + length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        if (total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length != (total - length)) total++;
        return total.ToString(System.Globalization.CultureInfo.InvariantCulture) + payload;
    }

    private static string Truncate(string text, int bytes)
    {
        while (Encoding.UTF8.GetByteCount(text) > bytes) text = text[..^1];
        return text;
    }

    private static void Put(byte[] header, int offset, int length, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.AsSpan(0, Math.Min(bytes.Length, length)).CopyTo(header.AsSpan(offset, length));
    }

    private static void Octal(byte[] header, int offset, int length, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Put(header, offset, length - 1, text);
    }
}
