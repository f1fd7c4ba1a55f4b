namespace Bock.Kernel.Netlink;

/// <summary>Sees one netlink message (header included) answering a request, before its ack.</summary>
public delegate void ReplyHandler(ReadOnlySpan<byte> message);
