using System.Collections.Concurrent;

namespace Bock.Actors.Networks;

/// <summary>
/// An in-memory <see cref="INetworkKernel"/> for tests of actor and API logic: it keeps the bridges, namespaces and
/// host links that would exist, records every call, and fails the next call of a kind on demand.
/// </summary>
/// <remarks>Called from several kernel threads at once: its state sits behind a lock.</remarks>
public sealed class RecordingNetworkKernel : INetworkKernel
{
    private readonly object _gate = new();
    private readonly HashSet<string> _bridges = [];
    private readonly HashSet<string> _sandboxes = [];
    private readonly Dictionary<string, EndpointConfig> _links = [];
    private readonly Dictionary<string, string> _failures = [];
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public Bock.Kernel.Nftables.RecordingNetworkFirewall RecordingFirewall { get; } = new();

    public Bock.Kernel.Nftables.INetworkFirewall Firewall => RecordingFirewall;

    public DnsSockets? OpenDnsSockets(string netnsPath)
    {
        _calls.Enqueue($"OpenDnsSockets {netnsPath}");
        return null;
    }

    public IReadOnlyCollection<string> Bridges { get { lock (_gate) return [.. _bridges]; } }

    public IReadOnlyCollection<string> Sandboxes { get { lock (_gate) return [.. _sandboxes]; } }

    public IReadOnlyCollection<EndpointConfig> Endpoints { get { lock (_gate) return [.. _links.Values]; } }

    /// <summary>The next call of <paramref name="method"/> (e.g. "Connect") throws with <paramref name="reason"/>.</summary>
    public void FailNext(string method, string reason = "injected failure")
    {
        lock (_gate) _failures[method] = reason;
    }

    /// <summary>A link as a crashed daemon would have left it, for reconcile tests.</summary>
    public void AddStrayLink(string name)
    {
        lock (_gate) _links[name] = new EndpointConfig("", "", "", name, "", System.Net.IPAddress.Any, 0, "", null);
    }

    public void CreateBridge(BridgeConfig bridge, bool forward) => Do(nameof(CreateBridge), bridge.Name, () => _bridges.Add(bridge.Name));

    public void DeleteBridge(string bridgeName) => Do(nameof(DeleteBridge), bridgeName, () => _bridges.Remove(bridgeName));

    public void CreateSandbox(string netnsPath) => Do(nameof(CreateSandbox), netnsPath, () =>
    {
        if (!_sandboxes.Add(netnsPath)) throw new InvalidOperationException($"{netnsPath} exists");
    });

    public void DeleteSandbox(string netnsPath) => Do(nameof(DeleteSandbox), netnsPath, () => _sandboxes.Remove(netnsPath));

    public void Connect(EndpointConfig endpoint) => Do(nameof(Connect), endpoint.HostLink, () =>
    {
        if (!_bridges.Contains(endpoint.BridgeName)) throw new InvalidOperationException($"no bridge {endpoint.BridgeName}");
        if (!_sandboxes.Contains(endpoint.NetnsPath)) throw new InvalidOperationException($"no namespace {endpoint.NetnsPath}");
        if (!_links.TryAdd(endpoint.HostLink, endpoint)) throw new InvalidOperationException($"link {endpoint.HostLink} exists");
    });

    public void Disconnect(string hostLink) => Do(nameof(Disconnect), hostLink, () => _links.Remove(hostLink));

    public IReadOnlyList<string> Links(string prefix)
    {
        lock (_gate) return [.. _links.Keys.Concat(_bridges).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private void Do(string method, string subject, Action change)
    {
        _calls.Enqueue($"{method} {subject}");
        lock (_gate)
        {
            if (_failures.Remove(method, out var reason)) throw new InvalidOperationException(reason);
            change();
        }
    }
}
