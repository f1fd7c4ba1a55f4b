namespace Bock.Kernel.Nftables;

/// <summary>A firewall for tests of actor logic: it keeps what each owner was given and records every call by name.</summary>
/// <remarks>Kernel actors call from several threads, so its state sits behind a lock: this is the kernel layer.</remarks>
public sealed class RecordingNetworkFirewall : INetworkFirewall
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FirewallNetwork> _networks = [];
    private readonly Dictionary<string, IReadOnlyList<PortMapping>> _ports = [];
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls { get { lock (_lock) return [.. _calls]; } }

    public IReadOnlyDictionary<string, FirewallNetwork> Networks { get { lock (_lock) return new Dictionary<string, FirewallNetwork>(_networks); } }

    public IReadOnlyDictionary<string, IReadOnlyList<PortMapping>> Ports { get { lock (_lock) return new Dictionary<string, IReadOnlyList<PortMapping>>(_ports); } }

    public void AddNetwork(FirewallNetwork network) => Record($"AddNetwork {network.Id}", () => _networks[network.Id] = network);

    public void RemoveNetwork(string networkId) => Record($"RemoveNetwork {networkId}", () => _networks.Remove(networkId));

    public void PublishPorts(string containerId, IReadOnlyList<PortMapping> ports) =>
        Record($"PublishPorts {containerId}", () => _ports[containerId] = ports);

    public void UnpublishPorts(string containerId) => Record($"UnpublishPorts {containerId}", () => _ports.Remove(containerId));

    public IReadOnlySet<FirewallOwner> Owners()
    {
        lock (_lock)
            return _networks.Keys.Select(FirewallOwner.Network).Concat(_ports.Keys.Select(FirewallOwner.Container)).ToHashSet();
    }

    public IReadOnlySet<FirewallOwner> Reconcile(IReadOnlySet<FirewallOwner> live)
    {
        var dead = Owners().Where(o => !live.Contains(o)).ToHashSet();
        Record("Reconcile", () =>
        {
            foreach (var id in _networks.Keys.Where(id => dead.Contains(FirewallOwner.Network(id))).ToList())
                _networks.Remove(id);
            foreach (var id in _ports.Keys.Where(id => dead.Contains(FirewallOwner.Container(id))).ToList())
                _ports.Remove(id);
        });
        return dead;
    }

    private void Record(string call, Action change)
    {
        lock (_lock)
        {
            _calls.Add(call);
            change();
        }
    }
}
