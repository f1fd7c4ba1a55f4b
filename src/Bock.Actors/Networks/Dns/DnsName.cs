using System.Text;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Domain names on the wire (RFC 1035 3.1, 4.1.4): reading with compression pointers, and the form used as a lookup
/// key. A name read is in presentation form without the trailing dot, in the asker's case (resolvers that randomise
/// case, as unbound does, compare it); a dot or backslash inside a label and unprintable bytes are escaped as dig
/// does, so that such a name can never equal a name of ours.
/// </summary>
public static class DnsName
{
    /// <summary>RFC 1035 2.3.4: a name is at most 255 octets on the wire, a label at most 63.</summary>
    public const int MaxWireLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>
    /// Reads the name at <paramref name="offset"/> and moves it past the name's bytes at that place (a pointer counts
    /// two). False for a name that runs past the end, exceeds 255 octets, uses the reserved label types, or has a
    /// pointer into the header or not strictly before the previous jump (the name's start for the first): every
    /// encoder points back at an earlier name, and strictly falling targets make a loop impossible.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        name = "";
        var text = new StringBuilder();
        var position = offset;
        var resumeAt = -1;
        var lowestTarget = offset;
        var wireLength = 1;
        while (true)
        {
            if (position >= message.Length) return false;
            var length = message[position];
            switch (length & 0xC0)
            {
                case 0xC0:
                    if (position + 1 >= message.Length) return false;
                    var target = (length & 0x3F) << 8 | message[position + 1];
                    if (target >= lowestTarget || target < DnsMessage.HeaderLength) return false;
                    lowestTarget = target;
                    if (resumeAt < 0) resumeAt = position + 2;
                    position = target;
                    continue;
                case 0x00:
                    break;
                default:
                    return false;
            }
            if (length == 0) break;
            wireLength += length + 1;
            if (wireLength > MaxWireLength || position + 1 + length > message.Length) return false;
            if (text.Length > 0) text.Append('.');
            AppendLabel(text, message.Slice(position + 1, length));
            position += 1 + length;
        }
        offset = resumeAt >= 0 ? resumeAt : position + 1;
        name = text.ToString();
        return true;
    }

    /// <summary>The key a name is stored and looked up under: ASCII lower case, no trailing dot.</summary>
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    /// <summary>
    /// Writes <paramref name="name"/> (dotted, no escapes: our own names) as labels.
    /// </summary>
    /// <exception cref="FormatException">An empty label, a label over 63 octets or a name over 255.</exception>
    public static void Write(Stream output, string name)
    {
        var trimmed = name.TrimEnd('.');
        var wireLength = 1;
        if (trimmed.Length > 0)
        {
            foreach (var label in trimmed.Split('.'))
            {
                var bytes = Encoding.ASCII.GetBytes(label);
                if (bytes.Length is 0 or > MaxLabelLength)
                    throw new FormatException($"invalid DNS name {name}: a label must have 1 to {MaxLabelLength} characters");
                wireLength += bytes.Length + 1;
                output.WriteByte((byte)bytes.Length);
                output.Write(bytes);
            }
        }
        if (wireLength > MaxWireLength)
            throw new FormatException($"invalid DNS name {name}: longer than {MaxWireLength} octets");
        output.WriteByte(0);
    }

    private static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\') text.Append('\\').Append((char)b);
            else if (b is > 0x20 and < 0x7F) text.Append((char)b);
            else text.Append('\\').Append(b.ToString("D3"));
        }
    }
}
