using System.Text;

namespace Bock.Images.Tests.Support;

/// <summary>
/// Writes tar blocks by hand, for what TarWriter cannot say: PAX records with binary values, global headers,
/// GNU long names.
/// </summary>
public sealed class RawPaxTar
{
    private readonly MemoryStream _out = new();

    /// <summary>A regular file, preceded by a PAX header with <paramref name="records"/> (raw values) when given.</summary>
    public RawPaxTar File(string name, byte[] content, params (string Key, byte[] Value)[] records)
    {
        if (records.Length > 0)
            Header("PaxHeaders/" + name, (byte)'x', Records(records));
        return Header(name, (byte)'0', content);
    }

    public RawPaxTar Global(params (string Key, byte[] Value)[] records) => Header("pax_global_header", (byte)'g', Records(records));

    public RawPaxTar GnuLongName(string longName, byte[] content)
    {
        Header("././@LongLink", (byte)'L', [.. Encoding.UTF8.GetBytes(longName), 0]);
        return Header(longName[..Math.Min(99, longName.Length)], (byte)'0', content);
    }

    public byte[] ToArray() => [.. _out.ToArray(), .. new byte[1024]];

    private static byte[] Records((string Key, byte[] Value)[] records)
    {
        var all = new MemoryStream();
        foreach ((string key, byte[] value) in records)
        {
            int body = 1 + Encoding.UTF8.GetByteCount(key) + 1 + value.Length + 1; // " key=value\n"
            int length = body + body.ToString().Length;
            if (length.ToString().Length != body.ToString().Length)
                length++;
            all.Write(Encoding.UTF8.GetBytes($"{length} {key}="));
            all.Write(value);
            all.WriteByte((byte)'\n');
        }
        return all.ToArray();
    }

    private RawPaxTar Header(string name, byte type, byte[] data)
    {
        byte[] h = new byte[512];
        Encoding.UTF8.GetBytes(name).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(name))).CopyTo(h);
        Octal(h, 100, 8, 0x1a4);
        Octal(h, 108, 8, 0);
        Octal(h, 116, 8, 0);
        Octal(h, 124, 12, data.Length);
        Octal(h, 136, 12, 1577934245);
        h[156] = type;
        "ustar\0"u8.CopyTo(h.AsSpan(257));
        "00"u8.CopyTo(h.AsSpan(263));
        "        "u8.CopyTo(h.AsSpan(148));
        Octal(h, 148, 8, h.Sum(b => b));
        _out.Write(h);
        _out.Write(data);
        _out.Write(new byte[(512 - data.Length % 512) % 512]);
        return this;
    }

    private static void Octal(byte[] h, int offset, int width, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(width - 1, '0') + "\0").CopyTo(h, offset);
}
