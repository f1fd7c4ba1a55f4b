namespace Bock.Actors.Networks.Dns;

/// <summary>Everything a socket loop needs to serve one query, as one immutable value published by the responder.</summary>
internal sealed record DnsServingState(DnsNameTable Table, DnsResponderSettings Settings);
