namespace Bock.Actors.Networks;

/// <summary>A kernel pool without networking: every network operation fails, saying so.</summary>
internal sealed class NoNetworkKernel : INetworkKernel
{
    public static readonly NoNetworkKernel Instance = new();

    public void CreateBridge(BridgeConfig bridge, bool forward) => throw Unavailable();

    public void DeleteBridge(string bridgeName) => throw Unavailable();

    public void CreateSandbox(string netnsPath) => throw Unavailable();

    public void DeleteSandbox(string netnsPath) => throw Unavailable();

    public void Connect(EndpointConfig endpoint) => throw Unavailable();

    public void Disconnect(string hostLink) => throw Unavailable();

    public Bock.Kernel.Nftables.INetworkFirewall Firewall => throw Unavailable();

    public DnsSockets? OpenDnsSockets(string netnsPath) => throw Unavailable();

    public IReadOnlyList<string> Links(string prefix) => [];

    private static InvalidOperationException Unavailable() => new("this kernel pool has no networking");
}
