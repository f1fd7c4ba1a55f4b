using System.Security.Cryptography;
using System.Text;

namespace Bock.Testing;

/// <summary>
/// The host links a test daemon names as its own (bockd tags them with 3 hex digits of its run root's hash, see
/// LinkNaming): its default bridge, its networks' bridges, its containers' veths.
/// </summary>
public sealed record DaemonLinks(string Tag)
{
    public static DaemonLinks OfRunRoot(string runRoot) =>
        new(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(runRoot))).ToLowerInvariant()[..3]);

    /// <summary>Its nftables table (<c>table ip …</c>).</summary>
    public string FirewallTable => "bock_" + Tag;

    public string DefaultBridge => "bock" + Tag;

    public IReadOnlyList<string> Veths() => [.. Present().Where(l => l.StartsWith("bv" + Tag, StringComparison.Ordinal))];

    public IReadOnlyList<string> Bridges() =>
        [.. Present().Where(l => l == DefaultBridge || l.StartsWith("bk" + Tag + "-", StringComparison.Ordinal))];

    /// <summary>
    /// After its daemon is gone: its bridges and nftables table go (they stay with a daemon, as docker0 does); the
    /// veths still there are returned, since every one of them is a leak.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveAsync()
    {
        var veths = Veths();
        foreach (var link in veths.Concat(Bridges()))
            await Shell.RunAsync("ip", ["link", "del", link]);
        await Shell.RunAsync("nft", ["delete", "table", "ip", FirewallTable]);
        return veths;
    }

    private static IEnumerable<string> Present() => new DirectoryInfo("/sys/class/net").EnumerateFileSystemInfos().Select(d => d.Name);
}
