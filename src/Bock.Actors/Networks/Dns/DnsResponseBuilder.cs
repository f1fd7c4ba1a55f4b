using System.Buffers.Binary;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Answers written by the responder itself. The question is copied byte for byte from the query (its case too), and
/// every answer names it with a compression pointer to offset 12, so an A record costs 16 bytes. A query with EDNS
/// gets an OPT record back, as RFC 6891 6.1.1 asks of a server that understands it.
/// </summary>
public static class DnsResponseBuilder
{
    /// <summary>The UDP payload size we advertise: the DNS flag day 2020 value, safe from fragmentation.</summary>
    public const ushort AdvertisedPayloadSize = 1232;

    /// <summary>The most a UDP reply may carry for this query: 512 without EDNS (RFC 1035 4.2.1), else what it advertised.</summary>
    public static int UdpLimit(DnsMessage query) => Math.Max(512, (int)(query.EdnsPayloadSize ?? 512));

    private const int AddressRecordLength = 2 + 2 + 2 + 4 + 2 + 4;
    private const int OptRecordLength = 1 + 2 + 2 + 4 + 2;

    /// <summary>
    /// A NOERROR answer with one A record per address, in the order given (an empty list is NODATA: the name is ours
    /// but has no records of that type). Records that do not fit in <paramref name="limit"/> are left out and TC set,
    /// so the client asks again over TCP.
    /// </summary>
    public static byte[] Addresses(DnsMessage query, ReadOnlySpan<byte> queryBytes, IReadOnlyList<IPAddress> addresses, uint ttl, int limit)
    {
        var question = queryBytes[DnsMessage.HeaderLength..query.QuestionSectionEnd];
        var withOpt = query.EdnsPayloadSize is not null;
        var fixedLength = DnsMessage.HeaderLength + question.Length + (withOpt ? OptRecordLength : 0);
        var fitting = Math.Clamp((limit - fixedLength) / AddressRecordLength, 0, addresses.Count);
        var reply = new byte[fixedLength + fitting * AddressRecordLength];
        WriteHeader(reply, query, DnsResponseCode.NoError, truncated: fitting < addresses.Count,
            questions: 1, answers: fitting, additionals: withOpt ? 1 : 0);
        question.CopyTo(reply.AsSpan(DnsMessage.HeaderLength));
        var at = DnsMessage.HeaderLength + question.Length;
        for (var i = 0; i < fitting; i++)
        {
            var record = reply.AsSpan(at, AddressRecordLength);
            BinaryPrimitives.WriteUInt16BigEndian(record, 0xC000 | DnsMessage.HeaderLength);
            BinaryPrimitives.WriteUInt16BigEndian(record[2..], DnsRecordType.A);
            BinaryPrimitives.WriteUInt16BigEndian(record[4..], DnsRecordType.ClassInternet);
            BinaryPrimitives.WriteUInt32BigEndian(record[6..], ttl);
            BinaryPrimitives.WriteUInt16BigEndian(record[10..], 4);
            if (!addresses[i].TryWriteBytes(record[12..], out var written) || written != 4)
                throw new ArgumentException($"{addresses[i]} is not an IPv4 address", nameof(addresses));
            at += AddressRecordLength;
        }
        if (withOpt) WriteOpt(reply.AsSpan(at));
        return reply;
    }

    /// <summary>
    /// A NOERROR answer with one PTR record naming <paramref name="target"/>; null when <paramref name="target"/> cannot
    /// be written as a DNS name (a label over 63 characters), so that the query goes upstream instead.
    /// </summary>
    public static byte[]? Pointer(DnsMessage query, ReadOnlySpan<byte> queryBytes, string target, uint ttl)
    {
        using var name = new MemoryStream();
        try
        {
            DnsName.Write(name, target);
        }
        catch (FormatException)
        {
            return null;
        }
        var question = queryBytes[DnsMessage.HeaderLength..query.QuestionSectionEnd];
        var withOpt = query.EdnsPayloadSize is not null;
        var recordLength = 12 + (int)name.Length;
        var reply = new byte[DnsMessage.HeaderLength + question.Length + recordLength + (withOpt ? OptRecordLength : 0)];
        WriteHeader(reply, query, DnsResponseCode.NoError, truncated: false, questions: 1, answers: 1, additionals: withOpt ? 1 : 0);
        question.CopyTo(reply.AsSpan(DnsMessage.HeaderLength));
        var record = reply.AsSpan(DnsMessage.HeaderLength + question.Length, recordLength);
        BinaryPrimitives.WriteUInt16BigEndian(record, 0xC000 | DnsMessage.HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(record[2..], DnsRecordType.Ptr);
        BinaryPrimitives.WriteUInt16BigEndian(record[4..], DnsRecordType.ClassInternet);
        BinaryPrimitives.WriteUInt32BigEndian(record[6..], ttl);
        BinaryPrimitives.WriteUInt16BigEndian(record[10..], (ushort)name.Length);
        name.GetBuffer().AsSpan(0, (int)name.Length).CopyTo(record[12..]);
        if (withOpt) WriteOpt(reply.AsSpan(DnsMessage.HeaderLength + question.Length + recordLength));
        return reply;
    }

    /// <summary>
    /// A reply without answers carrying <paramref name="code"/> (SERVFAIL, FORMERR, NOTIMP): the question is echoed when
    /// the query had exactly one.
    /// </summary>
    public static byte[] Error(DnsMessage query, ReadOnlySpan<byte> queryBytes, DnsResponseCode code)
    {
        var question = query.Questions.Length == 1 ? queryBytes[DnsMessage.HeaderLength..query.QuestionSectionEnd] : [];
        var withOpt = query.EdnsPayloadSize is not null;
        var reply = new byte[DnsMessage.HeaderLength + question.Length + (withOpt ? OptRecordLength : 0)];
        WriteHeader(reply, query, code, truncated: false, questions: question.IsEmpty ? 0 : 1, answers: 0, additionals: withOpt ? 1 : 0);
        question.CopyTo(reply.AsSpan(DnsMessage.HeaderLength));
        if (withOpt) WriteOpt(reply.AsSpan(DnsMessage.HeaderLength + question.Length));
        return reply;
    }

    /// <summary>SERVFAIL for a query known only by its bytes (one whose upstream never answered).</summary>
    public static byte[]? ServerFailure(ReadOnlySpan<byte> queryBytes) =>
        DnsMessage.TryParse(queryBytes, out var query) ? Error(query, queryBytes, DnsResponseCode.ServerFailure) : null;

    private static void WriteHeader(Span<byte> reply, DnsMessage query, DnsResponseCode code, bool truncated,
        int questions, int answers, int additionals)
    {
        // QR, the asker's opcode and RD; AA because these names are ours; RA because we forward everything else.
        var flags = 0x8000 | (query.Flags & 0x7800) | 0x0400 | (truncated ? 0x0200 : 0) | (query.Flags & 0x0100) | 0x0080 | (int)code;
        BinaryPrimitives.WriteUInt16BigEndian(reply, query.Id);
        BinaryPrimitives.WriteUInt16BigEndian(reply[2..], (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(reply[4..], (ushort)questions);
        BinaryPrimitives.WriteUInt16BigEndian(reply[6..], (ushort)answers);
        BinaryPrimitives.WriteUInt16BigEndian(reply[8..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(reply[10..], (ushort)additionals);
    }

    // Root owner, type OPT, our payload size as the class, extended RCODE/version/flags 0, no options.
    private static void WriteOpt(Span<byte> record)
    {
        record[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(record[1..], DnsRecordType.Opt);
        BinaryPrimitives.WriteUInt16BigEndian(record[3..], AdvertisedPayloadSize);
        BinaryPrimitives.WriteUInt32BigEndian(record[5..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(record[9..], 0);
    }
}
