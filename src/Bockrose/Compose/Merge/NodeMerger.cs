using Bockrose.Compose.Normalization;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Merge;

/// <summary>
/// The compose-spec merge rules, applied to two files' nodes (also used by <c>extends</c>): mappings merge key by
/// key; sequences append, except <c>command</c>, <c>entrypoint</c> and <c>healthcheck.test</c>, which the later
/// file replaces, and <c>ports</c>, <c>volumes</c>, <c>secrets</c> and <c>configs</c>, whose entries with the same
/// unique key (target; for ports host address, published port, target and protocol) are replaced in place.
/// <c>!reset</c> removes an attribute, <c>!override</c> replaces it whole. Both inputs must be in
/// <see cref="ListForms"/> form.
/// </summary>
internal static class NodeMerger
{
    private static readonly HashSet<string> Replaced = ["command", "entrypoint", "test"];

    public static MappingNode MergeFiles(MappingNode baseFile, MappingNode overrideFile) =>
        (MappingNode)Merge(baseFile, overrideFile, [])!;

    /// <summary>Merges one service definition onto another (<c>extends</c>).</summary>
    public static MappingNode MergeService(MappingNode baseService, MappingNode service) =>
        (MappingNode)Merge(baseService, service, ["services", "*"])!;

    private static ComposeNode? Merge(ComposeNode? baseNode, ComposeNode overrideNode, IReadOnlyList<string> path)
    {
        if (overrideNode.Tag == "!reset") return null;
        if (overrideNode.Tag == "!override") return overrideNode with { Tag = null };
        if (baseNode is null) return overrideNode;
        switch (baseNode, overrideNode)
        {
            case (MappingNode b, MappingNode o):
                var result = b;
                foreach (var entry in o.Entries)
                {
                    var child = Merge(b[entry.Key.Value], entry.Value, [.. path, entry.Key.Value]);
                    result = child is null ? result.Without(entry.Key.Value) : result.With(entry.Key.Value, child, entry.Key.Location);
                }
                return result;
            case (SequenceNode b, SequenceNode o):
                return MergeSequences(b, o, path);
            default:
                return overrideNode;
        }
    }

    private static SequenceNode MergeSequences(SequenceNode b, SequenceNode o, IReadOnlyList<string> path)
    {
        var name = path.Count > 0 ? path[^1] : "";
        var inService = path.Count == 3 && path[0] == "services";
        if (Replaced.Contains(name) && (inService || (path.Count == 4 && path[2] == "healthcheck"))) return o;

        Func<ComposeNode, string?> key = inService ? name switch
        {
            "ports" => PortKey,
            "volumes" => VolumeKey,
            "secrets" or "configs" => FileReferenceKey,
            _ => ScalarKey,
        } : ScalarKey;

        var items = b.Items.ToList();
        foreach (var item in o.Items)
        {
            var k = key(item);
            var at = k is null ? -1 : items.FindIndex(i => key(i) == k);
            if (at >= 0) items[at] = item;
            else items.Add(item);
        }
        return b with { Items = [.. items] };
    }

    /// <summary>Plain sequences append, but the same scalar twice is kept once (the schema wants unique items).</summary>
    private static string? ScalarKey(ComposeNode node) => node is ScalarNode s ? "=" + s.Value : null;

    private static string? PortKey(ComposeNode node)
    {
        try
        {
            switch (node)
            {
                case ScalarNode s:
                    var ports = PortSyntax.Parse(s.Value);
                    return string.Join(",", ports.Select(p => $"{p.HostIp}|{p.Published}|{p.Target}|{p.Protocol}"));
                case MappingNode m:
                    return $"{Text(m, "host_ip")}|{Text(m, "published")}|{Text(m, "target")}|{Text(m, "protocol") ?? "tcp"}";
            }
        }
        catch (FormatException)
        {
            // A malformed port is reported by normalisation, with its location.
        }
        return null;
    }

    private static string? VolumeKey(ComposeNode node)
    {
        try
        {
            return node switch
            {
                ScalarNode s => VolumeSyntax.Split(s.Value).Target,
                MappingNode m => Text(m, "target"),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? FileReferenceKey(ComposeNode node) => node switch
    {
        ScalarNode s => s.Value,
        MappingNode m => Text(m, "target") ?? Text(m, "source"),
        _ => null,
    };

    private static string? Text(MappingNode m, string key) => (m[key] as ScalarNode)?.Text;
}
