namespace Bock.Kernel.Nftables;

/// <summary>
/// <see cref="INetworkFirewall"/> on nftables, in <c>table ip TABLE</c> (default <c>bock</c>) and nowhere else: it
/// never flushes the ruleset or reads another table. Each call is one nft transaction; a removal first lists the
/// table to find its owner's rule handles. When the last owner's rules go, the table goes in the same transaction.
/// </summary>
/// <remarks>
/// Calls are serialised by a lock: handles are read and then used, and kernel actors call from several threads.
/// Another process editing our table between the two is not guarded against; nothing but Bock should.
/// </remarks>
public sealed class NftablesFirewall : INetworkFirewall
{
    public const string DefaultTable = "bock";

    private readonly INftCommand _nft;
    private readonly Action<string> _prepareBridge;
    private readonly string _table;
    private readonly Lock _lock = new();

    /// <param name="netnsPath">Work inside this network namespace (e.g. /run/netns/NAME) instead of the caller's.</param>
    public NftablesFirewall(string table = DefaultTable, string? netnsPath = null, string nftPath = "/usr/sbin/nft")
        : this(new NftCommand(nftPath, netnsPath),
            bridge => NetworkNamespaceThread.Run(netnsPath, () => { BridgeSysctl.Prepare(bridge); return 0; }), table)
    {
    }

    internal NftablesFirewall(INftCommand nft, Action<string> prepareBridge, string table)
    {
        _ = new NftScript(table); // checks the name now rather than on first use
        _nft = nft;
        _prepareBridge = prepareBridge;
        _table = table;
    }

    public void AddNetwork(FirewallNetwork network)
    {
        var rules = new NftScript(_table).Network(network); // refuses bad input before anything changes
        _prepareBridge(network.Bridge);
        Replace(FirewallOwner.Network(network.Id), rules);
    }

    public void RemoveNetwork(string networkId) => Remove(FirewallOwner.Network(networkId));

    public void PublishPorts(string containerId, IReadOnlyList<PortMapping> ports) =>
        Replace(FirewallOwner.Container(containerId), new NftScript(_table).Ports(containerId, ports));

    public void UnpublishPorts(string containerId) => Remove(FirewallOwner.Container(containerId));

    public IReadOnlySet<FirewallOwner> Owners()
    {
        lock (_lock)
            return Rules().Where(r => r.Owner is not null).Select(r => r.Owner!.Value).ToHashSet();
    }

    public IReadOnlySet<FirewallOwner> Reconcile(IReadOnlySet<FirewallOwner> live)
    {
        lock (_lock)
        {
            if (_nft.ListTable(_table) is not { } json)
                return new HashSet<FirewallOwner>();
            var rules = NftListing.Rules(json);
            // A rule outside the base chains without a live owner is stale, whoever's comment it has.
            bool Stale(NftRule r) => !NftScript.BaseChains.Contains(r.Chain) && (r.Owner is not { } o || !live.Contains(o));
            var dead = rules.Where(r => Stale(r) && r.Owner is not null).Select(r => r.Owner!.Value).ToHashSet();
            _nft.Apply(Without(rules, Stale).ToString());
            return dead;
        }
    }

    private void Replace(FirewallOwner owner, NftScript additions)
    {
        lock (_lock)
        {
            var script = new NftScript(_table).Base();
            foreach (var rule in Rules().Where(r => r.Owner == owner && !NftScript.BaseChains.Contains(r.Chain)))
                script.DeleteRule(rule.Chain, rule.Handle);
            _nft.Apply(script + additions.ToString());
        }
    }

    private void Remove(FirewallOwner owner)
    {
        lock (_lock)
        {
            var rules = Rules();
            if (rules.Any(r => r.Owner == owner))
                _nft.Apply(Without(rules, r => r.Owner == owner).ToString());
        }
    }

    /// <summary>A script deleting the rules <paramref name="unwanted"/> picks, or the whole table if no owned rule would be left.</summary>
    private NftScript Without(IReadOnlyList<NftRule> rules, Func<NftRule, bool> unwanted)
    {
        var script = new NftScript(_table);
        if (!rules.Any(r => r.Owner is not null && !unwanted(r)))
            return script.DeleteTable();
        script.Base();
        foreach (var rule in rules.Where(r => unwanted(r) && !NftScript.BaseChains.Contains(r.Chain)))
            script.DeleteRule(rule.Chain, rule.Handle);
        return script;
    }

    private IReadOnlyList<NftRule> Rules() => _nft.ListTable(_table) is { } json ? NftListing.Rules(json) : [];
}
