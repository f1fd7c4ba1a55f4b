namespace Bock.Actors.Networks.Dns;

/// <summary>One entry of a question section; <see cref="Name"/> keeps the asker's case (see <see cref="DnsName"/>).</summary>
public sealed record DnsQuestion(string Name, ushort Type, ushort Class);
