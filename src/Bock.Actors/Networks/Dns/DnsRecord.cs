using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>A resource record as read from a message; <see cref="Data"/> is the raw RDATA.</summary>
public sealed record DnsRecord(string Name, ushort Type, ushort Class, uint Ttl, ImmutableArray<byte> Data)
{
    /// <summary>The address of an A record, otherwise null.</summary>
    public IPAddress? Address => Type == DnsRecordType.A && Data.Length == 4 ? new IPAddress(Data.AsSpan()) : null;
}
