using System.Security.Cryptography;
using System.Text;

namespace Bock.EndToEnd.Tests.Support;

/// <summary>
/// The host links a test daemon names as its own (bockd tags them with 3 hex digits of its run root's hash, see
/// LinkNaming): its default bridge, its networks' bridges, its containers' veths.
/// </summary>
public sealed record DaemonLinks(string Tag)
{
    public static DaemonLinks Of(BockDaemon daemon) =>
        new(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(daemon.RunRoot))).ToLowerInvariant()[..3]);

    public string DefaultBridge => "bock" + Tag;

    public IReadOnlyList<string> Veths() => [.. Present().Where(l => l.StartsWith("bv" + Tag, StringComparison.Ordinal))];

    public IReadOnlyList<string> Bridges() =>
        [.. Present().Where(l => l == DefaultBridge || l.StartsWith("bk" + Tag + "-", StringComparison.Ordinal))];

    private static IEnumerable<string> Present() => new DirectoryInfo("/sys/class/net").EnumerateFileSystemInfos().Select(d => d.Name);
}
