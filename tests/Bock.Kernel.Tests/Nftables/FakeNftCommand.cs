using Bock.Kernel.Nftables;

namespace Bock.Kernel.Tests.Nftables;

/// <summary>An <see cref="INftCommand"/> that answers listings with a given JSON text and records the scripts it is given.</summary>
internal sealed class FakeNftCommand : INftCommand
{
    public string? Listing { get; set; }

    public List<string> Scripts { get; } = [];

    public void Apply(string script) => Scripts.Add(script);

    public string? ListTable(string table) => Listing;

    /// <summary>A listing in nft's JSON shape holding rules (chain, handle, comment).</summary>
    public static string ListingOf(params (string Chain, long Handle, string? Comment)[] rules) =>
        "{\"nftables\": [{\"metainfo\": {\"json_schema_version\": 1}}, {\"table\": {\"family\": \"ip\", \"name\": \"bock\", \"handle\": 1}}"
        + string.Concat(rules.Select(r => $", {{\"rule\": {{\"family\": \"ip\", \"table\": \"bock\", \"chain\": \"{r.Chain}\", \"handle\": {r.Handle}"
            + (r.Comment is null ? "" : $", \"comment\": \"{r.Comment}\"") + ", \"expr\": []}}"))
        + "]}";
}
