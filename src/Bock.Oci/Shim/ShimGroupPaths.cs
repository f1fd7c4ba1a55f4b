namespace Bock.Oci.Shim;

/// <summary>
/// Where the shim serving a state root's containers listens for <c>create</c> (<c>&lt;root&gt;/shim.sock</c>), and the
/// lock that makes "connect, or start a shim" and "exit when idle" exclusive (<c>&lt;root&gt;/shim.lock</c>).
/// </summary>
public sealed record ShimGroupPaths(string Root)
{
    public string Socket => Path.Combine(Root, "shim.sock");
    public string Lock => Path.Combine(Root, "shim.lock");
}
