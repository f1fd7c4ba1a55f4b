using System.Text.Json;

namespace Bock.Kernel.Nftables;

/// <summary>Reads the rules out of <c>nft -j list table</c> output (libnftables' JSON schema, version 1).</summary>
internal static class NftListing
{
    public static IReadOnlyList<NftRule> Rules(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rules = new List<NftRule>();
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (!item.TryGetProperty("rule", out var rule))
                continue;
            var comment = rule.TryGetProperty("comment", out var c) ? c.GetString() : null;
            rules.Add(new NftRule(rule.GetProperty("chain").GetString()!, rule.GetProperty("handle").GetInt64(), FirewallOwner.FromComment(comment)));
        }
        return rules;
    }
}
