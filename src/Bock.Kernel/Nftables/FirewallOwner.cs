using System.Text.RegularExpressions;

namespace Bock.Kernel.Nftables;

/// <summary>
/// What a rule belongs to. Written into each rule as its comment (<c>network:ID</c>, <c>container:ID</c>), which is
/// how all rules of one owner are found again, also by a bockd that was killed and restarted.
/// </summary>
public readonly partial record struct FirewallOwner
{
    private const string NetworkPrefix = "network:", ContainerPrefix = "container:";

    private FirewallOwner(string comment) => Comment = comment;

    /// <summary>The rule comment, e.g. <c>network:3f2a…</c>.</summary>
    public string Comment { get; }

    public static FirewallOwner Network(string id) => new(NetworkPrefix + CheckId(id, nameof(id)));

    public static FirewallOwner Container(string id) => new(ContainerPrefix + CheckId(id, nameof(id)));

    /// <summary>The owner a rule comment names, or null for a comment that is not one of ours.</summary>
    public static FirewallOwner? FromComment(string? comment) =>
        comment is not null && (comment.StartsWith(NetworkPrefix, StringComparison.Ordinal) && IdPattern().IsMatch(comment[NetworkPrefix.Length..])
            || comment.StartsWith(ContainerPrefix, StringComparison.Ordinal) && IdPattern().IsMatch(comment[ContainerPrefix.Length..]))
            ? new FirewallOwner(comment)
            : null;

    public override string ToString() => Comment;

    // Ids end up inside a quoted nft comment, which also has a length limit (128): no quotes, no spaces, not too long.
    private static string CheckId(string id, string parameter) =>
        IdPattern().IsMatch(id) ? id : throw new ArgumentException($"'{id}' is not a valid network or container id for a firewall rule", parameter);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex IdPattern();
}
