using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// A DNS message as read from the wire (RFC 1035 4.1): header, questions and the three record sections. An EDNS0 OPT
/// record (RFC 6891) in the additional section is tolerated and its UDP payload size kept, because dig and modern
/// stub resolvers send one with every query.
/// </summary>
public sealed record DnsMessage
{
    public const int HeaderLength = 12;

    public required ushort Id { get; init; }
    public required ushort Flags { get; init; }
    public required ImmutableArray<DnsQuestion> Questions { get; init; }
    public ImmutableArray<DnsRecord> Answers { get; init; } = [];
    public ImmutableArray<DnsRecord> Authorities { get; init; } = [];
    public ImmutableArray<DnsRecord> Additionals { get; init; } = [];

    /// <summary>Where the question section ends: a reply copies the asker's question bytes verbatim.</summary>
    public int QuestionSectionEnd { get; init; }

    public bool IsResponse => (Flags & 0x8000) != 0;
    public int Opcode => (Flags >> 11) & 0xF;
    public bool IsAuthoritative => (Flags & 0x0400) != 0;
    public bool IsTruncated => (Flags & 0x0200) != 0;
    public bool RecursionDesired => (Flags & 0x0100) != 0;
    public bool RecursionAvailable => (Flags & 0x0080) != 0;
    public DnsResponseCode ResponseCode => (DnsResponseCode)(Flags & 0xF);

    /// <summary>The requestor's UDP payload size from its OPT record (RFC 6891 6.1.2), null without EDNS.</summary>
    public ushort? EdnsPayloadSize =>
        Additionals.FirstOrDefault(r => r.Type == DnsRecordType.Opt) is { } opt ? opt.Class : null;

    /// <summary>
    /// False for anything malformed: too short, a count that promises more than there is, a bad name (see
    /// <see cref="DnsName.TryRead"/>), RDATA past the end. Bytes after the last section are ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out DnsMessage message)
    {
        message = null!;
        if (packet.Length < HeaderLength) return false;
        var offset = HeaderLength;
        var questions = ImmutableArray.CreateBuilder<DnsQuestion>();
        for (var i = ReadCount(packet, 4); i > 0; i--)
        {
            if (!DnsName.TryRead(packet, ref offset, out var name) || offset + 4 > packet.Length) return false;
            questions.Add(new DnsQuestion(name, ReadUInt16(packet, offset), ReadUInt16(packet, offset + 2)));
            offset += 4;
        }
        var questionEnd = offset;
        if (!TryReadRecords(packet, ref offset, ReadCount(packet, 6), out var answers)
            || !TryReadRecords(packet, ref offset, ReadCount(packet, 8), out var authorities)
            || !TryReadRecords(packet, ref offset, ReadCount(packet, 10), out var additionals))
            return false;
        message = new DnsMessage
        {
            Id = ReadUInt16(packet, 0),
            Flags = ReadUInt16(packet, 2),
            Questions = questions.ToImmutable(),
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
            QuestionSectionEnd = questionEnd,
        };
        return true;
    }

    private static bool TryReadRecords(ReadOnlySpan<byte> packet, ref int offset, int count, out ImmutableArray<DnsRecord> records)
    {
        records = [];
        // Every record takes at least 11 bytes: a count that cannot fit is refused before anything is allocated.
        if (count > (packet.Length - offset) / 11 + 1) return false;
        var builder = ImmutableArray.CreateBuilder<DnsRecord>(count);
        for (var i = 0; i < count; i++)
        {
            if (!DnsName.TryRead(packet, ref offset, out var name) || offset + 10 > packet.Length) return false;
            var dataLength = ReadUInt16(packet, offset + 8);
            if (offset + 10 + dataLength > packet.Length) return false;
            builder.Add(new DnsRecord(name, ReadUInt16(packet, offset), ReadUInt16(packet, offset + 2),
                BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]), [.. packet.Slice(offset + 10, dataLength)]));
            offset += 10 + dataLength;
        }
        records = builder.MoveToImmutable();
        return true;
    }

    private static int ReadCount(ReadOnlySpan<byte> packet, int at) => ReadUInt16(packet, at);

    private static ushort ReadUInt16(ReadOnlySpan<byte> packet, int at) => BinaryPrimitives.ReadUInt16BigEndian(packet[at..]);
}
