using System.Security.Cryptography;
using System.Text;

namespace Bock.Actors.Networks;

/// <summary>
/// The names a daemon gives its links, within IFNAMSIZ (15). The daemon on <c>/run/bock</c> uses Docker-like names
/// (<c>bock0</c>, <c>bk-&lt;network id&gt;</c>); a daemon on another run root (tests, side-by-side daemons) puts a tag
/// of its own in every name, so that reconciling and route checks only ever touch its own links.
/// </summary>
public sealed record LinkNaming(string Tag)
{
    public static readonly LinkNaming Default = new("");

    /// <summary>The tag of a daemon on <paramref name="runRoot"/>: none for the standard one, else 3 hex digits of its path.</summary>
    public static LinkNaming ForRunRoot(string runRoot) =>
        runRoot.TrimEnd('/') == "/run/bock" ? Default : new(Hash(runRoot)[..3]);

    public string DefaultBridge => Tag.Length == 0 ? "bock0" : "bock" + Tag;

    public string BridgePrefix => "bk" + Tag + "-";

    /// <summary>The nftables table (<c>table ip …</c>) of this daemon's rules alone.</summary>
    public string FirewallTable => Tag.Length == 0 ? "bock" : "bock_" + Tag;

    /// <summary>Never a prefix of another daemon's: "bkv" has no hex digit where a tagged "bv…" has one.</summary>
    public string HostLinkPrefix => Tag.Length == 0 ? "bkv" : "bv" + Tag;


    public string Bridge(string networkId) => BridgePrefix + networkId[..(15 - BridgePrefix.Length)];

    /// <summary>The host end of a container's veth on a network, from a hash of both ids (the other end is made as ethN inside).</summary>
    public string HostLink(string containerId, string networkId) =>
        HostLinkPrefix + Hash(containerId + "/" + networkId)[..(15 - HostLinkPrefix.Length)];

    /// <summary>A bridge of this daemon's: its default one or a network's.</summary>
    public bool IsOwnBridge(string link) => link == DefaultBridge || link.StartsWith(BridgePrefix, StringComparison.Ordinal);

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
