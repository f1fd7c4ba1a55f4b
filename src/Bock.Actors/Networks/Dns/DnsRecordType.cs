namespace Bock.Actors.Networks.Dns;

/// <summary>The TYPE and QTYPE values the responder tells apart (RFC 1035 3.2.2, RFC 3596, RFC 6891).</summary>
public static class DnsRecordType
{
    public const ushort A = 1;
    public const ushort Cname = 5;
    public const ushort Ptr = 12;
    public const ushort Aaaa = 28;
    public const ushort Opt = 41;
    public const ushort Any = 255;

    public const ushort ClassInternet = 1;
}
