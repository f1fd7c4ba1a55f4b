namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Decides what one query gets, from the name table alone: a pure function of its inputs, so that the rules are
/// tested without sockets. Like Docker's resolver, a name we do not know is not ours to deny (it may be a host name
/// or a search-domain form): it is forwarded, never answered NXDOMAIN. A name we know is answered for every type: A
/// with its addresses, anything else (AAAA, MX, ...) with NODATA, because these networks are IPv4 only and our names
/// must not leak to the host's resolvers. A PTR query for the address of a container on the asker's networks gets
/// that container's canonical name, as Docker does; other reverse lookups go upstream.
/// </summary>
internal static class DnsQueryHandler
{
    private const int TcpLimit = ushort.MaxValue;

    public static DnsOutcome Handle(ReadOnlySpan<byte> packet, string containerId, DnsNameTable table, RoundRobin rotation,
        uint ttl, bool overTcp)
    {
        if (!DnsMessage.TryParse(packet, out var query) || query.IsResponse) return DnsOutcome.Drop.Instance;
        if (query.Opcode != 0) return new DnsOutcome.Reply(DnsResponseBuilder.Error(query, packet, DnsResponseCode.NotImplemented));
        if (query.Questions.Length != 1) return new DnsOutcome.Reply(DnsResponseBuilder.Error(query, packet, DnsResponseCode.FormatError));
        var question = query.Questions[0];
        if (question.Class != DnsRecordType.ClassInternet) return DnsOutcome.Forward.Instance;
        if (question.Type == DnsRecordType.Ptr && DnsReverseName.TryParse(question.Name, out var reversed))
            return table.ReverseLookup(containerId, reversed) is { } owner
                && DnsResponseBuilder.Pointer(query, packet, owner, ttl) is { } pointer
                    ? new DnsOutcome.Reply(pointer)
                    : DnsOutcome.Forward.Instance;
        var addresses = table.Lookup(containerId, question.Name);
        if (addresses.IsEmpty) return DnsOutcome.Forward.Instance;
        var answered = question.Type is DnsRecordType.A or DnsRecordType.Any ? rotation.Rotate(question.Name, addresses) : [];
        var limit = overTcp ? TcpLimit : DnsResponseBuilder.UdpLimit(query);
        return new DnsOutcome.Reply(DnsResponseBuilder.Addresses(query, packet, answered, ttl, limit));
    }
}
