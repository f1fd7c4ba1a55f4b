using System.Net;
using Bock.Actors.Networks.Dns;
using static Bock.Actors.Tests.Networks.Dns.DnsTestQueries;

namespace Bock.Actors.Tests.Networks.Dns;

public sealed class DnsMessageTests
{
    [Fact]
    public void A_query_from_busybox_nslookup_parses()
    {
        Assert.True(DnsMessage.TryParse(BusyboxWebA, out var query));
        Assert.Equal(0x4136, query.Id);
        Assert.False(query.IsResponse);
        Assert.Equal(0, query.Opcode);
        Assert.True(query.RecursionDesired);
        Assert.Equal(new DnsQuestion("web", DnsRecordType.A, DnsRecordType.ClassInternet), Assert.Single(query.Questions));
        Assert.Null(query.EdnsPayloadSize);
        Assert.Equal(BusyboxWebA.Length, query.QuestionSectionEnd);
    }

    [Fact]
    public void A_query_from_dig_keeps_its_case_and_its_EDNS_payload_size()
    {
        Assert.True(DnsMessage.TryParse(DigWebExampleA, out var query));
        Assert.Equal("Web.Example", Assert.Single(query.Questions).Name);
        Assert.Equal((ushort)1232, query.EdnsPayloadSize);
        var opt = Assert.Single(query.Additionals);
        Assert.Equal("", opt.Name);
        Assert.Equal(12, opt.Data.Length); // the cookie option, carried along untouched
    }

    [Fact]
    public void An_answer_with_compressed_names_parses()
    {
        // www.example.com CNAME example.com; example.com A 93.184.216.34; mail.example.com A 93.184.216.35;
        // smtp.mail.example.com A 93.184.216.36, where the owner names are a pointer to the question, a pointer into
        // it, a label followed by a pointer, and a label followed by a pointer to that (two jumps).
        var answer = Convert.FromHexString(
            "12348180000100040000000003777777076578616d706c6503636f6d0000010001"
            + "c00c0005000100000e100002c010"
            + "c0100001000100000e1000045db8d822"
            + "046d61696cc010000100010000012c00045db8d823"
            + "04736d7470c03f000100010000012c00045db8d824");
        Assert.True(DnsMessage.TryParse(answer, out var message));
        Assert.True(message.IsResponse);
        Assert.True(message.RecursionAvailable);
        Assert.Equal(DnsResponseCode.NoError, message.ResponseCode);
        Assert.Equal(["www.example.com", "example.com", "mail.example.com", "smtp.mail.example.com"], message.Answers.Select(a => a.Name));
        Assert.Equal([DnsRecordType.Cname, DnsRecordType.A, DnsRecordType.A, DnsRecordType.A], message.Answers.Select(a => a.Type));
        Assert.Equal(IPAddress.Parse("93.184.216.34"), message.Answers[1].Address);
        Assert.Equal(300u, message.Answers[2].Ttl);
    }

    [Fact]
    public void A_built_answer_parses_back_with_the_question_of_the_query_and_every_address()
    {
        Assert.True(DnsMessage.TryParse(DigWebExampleA, out var query));
        IPAddress[] addresses = [IPAddress.Parse("172.18.0.2"), IPAddress.Parse("172.18.0.3")];

        var reply = Parse(DnsResponseBuilder.Addresses(query, DigWebExampleA, addresses, ttl: 5, limit: 1232));

        Assert.Equal(query.Id, reply.Id);
        Assert.True(reply.IsResponse);
        Assert.True(reply.IsAuthoritative);
        Assert.True(reply.RecursionDesired);
        Assert.False(reply.IsTruncated);
        Assert.Equal(query.Questions.ToArray(), reply.Questions.ToArray());
        Assert.Equal(addresses, AddressesOf(reply));
        Assert.All(reply.Answers, a => Assert.Equal(("Web.Example", 5u), (a.Name, a.Ttl)));
        Assert.Equal(DnsResponseBuilder.AdvertisedPayloadSize, reply.EdnsPayloadSize);
    }

    [Fact]
    public void An_answer_too_big_for_512_bytes_keeps_what_fits_and_sets_TC()
    {
        var queryBytes = Build(7, "web");
        Assert.True(DnsMessage.TryParse(queryBytes, out var query));
        var addresses = Enumerable.Range(2, 40).Select(i => IPAddress.Parse($"172.18.0.{i}")).ToList();

        var bytes = DnsResponseBuilder.Addresses(query, queryBytes, addresses, 0, DnsResponseBuilder.UdpLimit(query));

        Assert.True(bytes.Length <= 512);
        var reply = Parse(bytes);
        Assert.True(reply.IsTruncated);
        Assert.Equal(addresses.Take(reply.Answers.Length), AddressesOf(reply));
        Assert.Equal((512 - 12 - 9) / 16, reply.Answers.Length);
    }

    [Fact]
    public void An_error_reply_echoes_the_question_and_carries_the_code()
    {
        Assert.True(DnsMessage.TryParse(BusyboxWebA, out var query));
        var reply = Parse(DnsResponseBuilder.Error(query, BusyboxWebA, DnsResponseCode.ServerFailure));
        Assert.Equal(DnsResponseCode.ServerFailure, reply.ResponseCode);
        Assert.Equal(query.Questions.ToArray(), reply.Questions.ToArray());
        Assert.Empty(reply.Answers);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "a header cut short", "41360100000100" },
        { "a question promised but missing", "413601000001000000000000" },
        { "a label longer than the packet", "4136010000010000000000000a7765620000010001" },
        { "a question without type and class", "41360100000100000000000003776562000001" },
        { "a pointer to itself", "413601000001000000000000c00c00010001" },
        { "two pointers to each other", "413601000001000000000000c00ec00c00010001" },
        { "a pointer past the end", "413601000001000000000000c0ff00010001" },
        { "a label then a pointer back to it", "41360100000100000000000003777777c00c00010001" },
        { "a pointer into the header", "413601000001000000000000c00200010001" },
        { "a reserved label type", "413601000001000000000000437765620000010001" },
        { "a name over 255 octets", "413601000001000000000000" + string.Concat(Enumerable.Repeat("3f" + new string('6', 126), 5)) + "0000010001" },
        { "RDATA past the end", "413681800001000100000000037765620000010001" + "c00c0001000100000000" + "0010ac12" },
        { "255 answers promised", "41368180000100ff00000000037765620000010001" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_packet_is_refused(string what, string hex)
    {
        Assert.False(DnsMessage.TryParse(Convert.FromHexString(hex), out _), what);
        Assert.IsType<DnsOutcome.Drop>(DnsQueryHandler.Handle(Convert.FromHexString(hex), "c1", DnsNameTable.Empty, new RoundRobin(), 0, overTcp: false));
    }

    [Fact]
    public void Every_prefix_of_a_query_and_random_bytes_are_handled_without_an_exception()
    {
        var table = DnsNameTable.Empty.WithEndpoint(new DnsEndpoint("n", "c1", IPAddress.Parse("172.18.0.2"), ["web"]));
        for (var length = 0; length < DigWebExampleA.Length; length++)
            DnsQueryHandler.Handle(DigWebExampleA.AsSpan(0, length), "c1", table, new RoundRobin(), 0, overTcp: false);
        var random = new Random(5);
        var packet = new byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(packet);
            // Headers that look like queries with one question, so that the name parser sees the random rest.
            if (i % 2 == 0) packet[2] &= 0x07;
            if (i % 2 == 0) (packet[4], packet[5]) = ((byte)0, (byte)1);
            DnsQueryHandler.Handle(packet.AsSpan(0, random.Next(packet.Length)), "c1", table, new RoundRobin(), 0, overTcp: i % 3 == 0);
        }
    }
}
