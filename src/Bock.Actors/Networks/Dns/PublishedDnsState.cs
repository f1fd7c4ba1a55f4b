namespace Bock.Actors.Networks.Dns;

/// <summary>
/// The one place where the responder actor hands its state to the socket loops: the actor replaces the immutable
/// value, the loops read whichever value is current when a query arrives. A volatile reference is enough, since
/// the value never changes once published and only the actor writes.
/// </summary>
internal sealed class PublishedDnsState(DnsServingState initial)
{
    private volatile DnsServingState _current = initial;

    public DnsServingState Current
    {
        get => _current;
        set => _current = value;
    }
}
