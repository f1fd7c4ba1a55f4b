namespace Bock.Kernel.Nftables;

/// <summary>The transport protocols a port can be published for.</summary>
public enum PortProtocol
{
    Tcp,
    Udp,
}
