using System.Net;
using Bock.Actors.Networks.Dns;
using static Bock.Actors.Tests.Networks.Dns.DnsTestQueries;

namespace Bock.Actors.Tests.Networks.Dns;

public sealed class DnsQueryHandlerTests
{
    private static readonly DnsNameTable Table = DnsNameTable.Empty
        .WithEndpoint(new DnsEndpoint("n", "web-1", IPAddress.Parse("172.18.0.2"), ["web"]))
        .WithEndpoint(new DnsEndpoint("n", "web-2", IPAddress.Parse("172.18.0.3"), ["web"]))
        .WithEndpoint(new DnsEndpoint("n", "client", IPAddress.Parse("172.18.0.4"), ["client"]));

    private static DnsOutcome Handle(byte[] query, RoundRobin? rotation = null, string asker = "client") =>
        DnsQueryHandler.Handle(query, asker, Table, rotation ?? new RoundRobin(), ttl: 0, overTcp: false);

    private static DnsMessage Reply(DnsOutcome outcome) => Parse(Assert.IsType<DnsOutcome.Reply>(outcome).Bytes);

    [Fact]
    public void A_known_name_is_answered_with_all_its_addresses_rotating_per_query()
    {
        var rotation = new RoundRobin(firstTurn: () => 0);
        var first = AddressesOf(Reply(Handle(Build(1, "web"), rotation)));
        var second = AddressesOf(Reply(Handle(Build(2, "web"), rotation)));
        var third = AddressesOf(Reply(Handle(Build(3, "web"), rotation)));
        Assert.Equal(["172.18.0.2", "172.18.0.3"], first.Select(a => a.ToString()));
        Assert.Equal(["172.18.0.3", "172.18.0.2"], second.Select(a => a.ToString()));
        Assert.Equal(first, third);
    }

    [Fact]
    public void Asking_for_another_name_in_between_does_not_stop_the_rotation()
    {
        var rotation = new RoundRobin();
        var first = AddressesOf(Reply(Handle(Build(1, "web"), rotation)))[0];
        Handle(Build(2, "client"), rotation);
        var second = AddressesOf(Reply(Handle(Build(3, "web"), rotation)))[0];
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_first_turn_of_a_name_is_random_so_that_containers_do_not_all_pick_the_same_replica()
    {
        var firsts = Enumerable.Range(0, 64).Select(i => AddressesOf(Reply(Handle(Build((ushort)i, "web"))))[0]).Distinct();
        Assert.Equal(2, firsts.Count());
    }

    [Theory]
    [InlineData(DnsRecordType.Aaaa)]
    [InlineData((ushort)15)] // MX
    public void Other_types_of_a_known_name_get_an_empty_NOERROR(ushort type)
    {
        var reply = Reply(Handle(Build(1, "web", type)));
        Assert.Equal(DnsResponseCode.NoError, reply.ResponseCode);
        Assert.Empty(reply.Answers);
        Assert.Equal(type, Assert.Single(reply.Questions).Type);
    }

    [Theory]
    [InlineData("db")]
    [InlineData("web.example.com")]
    [InlineData("example.com")]
    public void A_name_that_is_not_ours_is_forwarded(string name)
    {
        Assert.IsType<DnsOutcome.Forward>(Handle(Build(1, name)));
        Assert.IsType<DnsOutcome.Forward>(Handle(Build(1, name, DnsRecordType.Aaaa)));
    }

    [Fact]
    public void Names_of_a_network_the_asker_is_not_on_are_forwarded()
    {
        Assert.IsType<DnsOutcome.Forward>(Handle(Build(1, "web"), asker: "stranger"));
    }

    [Fact]
    public void A_query_from_dig_in_mixed_case_with_EDNS_is_answered_in_its_case()
    {
        var table = Table.WithEndpoint(new DnsEndpoint("n", "x", IPAddress.Parse("172.18.0.7"), ["web.example"]));
        var reply = Parse(Assert.IsType<DnsOutcome.Reply>(
            DnsQueryHandler.Handle(DigWebExampleA, "client", table, new RoundRobin(), 0, overTcp: false)).Bytes);
        Assert.Equal("Web.Example", Assert.Single(reply.Answers).Name);
        Assert.Equal(IPAddress.Parse("172.18.0.7"), reply.Answers[0].Address);
        Assert.NotNull(reply.EdnsPayloadSize);
    }

    [Fact]
    public void A_response_a_non_query_opcode_and_two_questions_are_dropped_refused_and_rejected()
    {
        var response = Build(1, "web");
        response[2] |= 0x80;
        Assert.IsType<DnsOutcome.Drop>(Handle(response));

        var notify = Build(1, "web");
        notify[2] |= 4 << 3;
        Assert.Equal(DnsResponseCode.NotImplemented, Reply(Handle(notify)).ResponseCode);

        var single = Build(1, "web");
        byte[] twoQuestions = [.. single[..5], 2, .. single[6..], .. single[12..]];
        Assert.Equal(DnsResponseCode.FormatError, Reply(Handle(twoQuestions)).ResponseCode);
    }

    [Fact]
    public void Over_TCP_a_large_answer_is_not_truncated()
    {
        var table = DnsNameTable.Empty.WithEndpoint(new DnsEndpoint("n", "client", IPAddress.Parse("10.1.0.1"), ["client"]));
        for (var i = 2; i < 200; i++) table = table.WithEndpoint(new DnsEndpoint("n", $"r{i}", IPAddress.Parse($"10.1.0.{i}"), ["big"]));
        var reply = Parse(Assert.IsType<DnsOutcome.Reply>(
            DnsQueryHandler.Handle(Build(1, "big"), "client", table, new RoundRobin(), 0, overTcp: true)).Bytes);
        Assert.False(reply.IsTruncated);
        Assert.Equal(198, reply.Answers.Length);
    }

    [Fact]
    public void A_reverse_lookup_of_a_container_on_the_askers_networks_gets_its_canonical_name()
    {
        var table = Table.WithEndpoint(new DnsEndpoint("n", "db", IPAddress.Parse("172.18.0.7"), ["My-Db", "database"]));
        var reply = Parse(Assert.IsType<DnsOutcome.Reply>(DnsQueryHandler.Handle(
            Build(1, "7.0.18.172.in-addr.arpa", DnsRecordType.Ptr), "client", table, new RoundRobin(), 0, overTcp: false)).Bytes);

        var answer = Assert.Single(reply.Answers);
        Assert.Equal(DnsRecordType.Ptr, answer.Type);
        var offset = 0;
        Assert.True(DnsName.TryRead([.. answer.Data], ref offset, out var target));
        Assert.Equal("my-db", target);

        Assert.IsType<DnsOutcome.Forward>(DnsQueryHandler.Handle(
            Build(2, "8.0.18.172.in-addr.arpa", DnsRecordType.Ptr), "client", table, new RoundRobin(), 0, overTcp: false));
        Assert.IsType<DnsOutcome.Forward>(DnsQueryHandler.Handle(
            Build(3, "7.0.18.172.in-addr.arpa", DnsRecordType.Ptr), "stranger", table, new RoundRobin(), 0, overTcp: false));
    }

    [Theory]
    [InlineData("2.0.18.172.in-addr.arpa", "172.18.0.2")]
    [InlineData("2.0.18.172.IN-ADDR.ARPA.", "172.18.0.2")]
    [InlineData("0.18.172.in-addr.arpa", null)]
    [InlineData("02.0.18.172.in-addr.arpa", null)]
    [InlineData("256.0.18.172.in-addr.arpa", null)]
    [InlineData("2.0.18.172.ip6.arpa", null)]
    public void Reverse_names_parse_only_in_their_canonical_four_octet_form(string name, string? address)
    {
        Assert.Equal(address is not null, DnsReverseName.TryParse(name, out var parsed));
        if (address is not null) Assert.Equal(IPAddress.Parse(address), parsed);
        if (address is not null) Assert.Equal(DnsName.Normalize(name), DnsReverseName.Of(parsed));
    }
}
