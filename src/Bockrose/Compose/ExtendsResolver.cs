using Bockrose.Compose.Merge;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose;

/// <summary>
/// Resolves <c>extends</c> in one file: the named service (in this file, or in <c>extends.file</c>, itself
/// resolved first) is the base, and the extending service is merged onto it with the multi-file merge rules.
/// A chain that comes back to a service already on it is an error naming the chain.
/// </summary>
internal sealed class ExtendsResolver(Func<string, MappingNode> loadOtherFile, Func<string, string> display)
{
    public MappingNode Resolve(MappingNode file, string filePath)
    {
        if (file["services"] is not MappingNode services) return file;
        var resolved = new Dictionary<string, MappingNode>();
        foreach (var e in services.Entries)
            if (e.Value is MappingNode) resolved[e.Key.Value] = ResolveService(services, filePath, e.Key.Value, []);
        return file.With("services", services with
        {
            Entries = [.. services.Entries.Select(e => resolved.TryGetValue(e.Key.Value, out var s) ? e with { Value = s } : e)],
        });
    }

    private MappingNode ResolveService(MappingNode services, string filePath, string name, List<string> chain)
    {
        var service = (MappingNode)services[name]!;
        if (service.Find("extends") is not { } extends) return service;

        var link = $"{display(filePath)}:{name}";
        if (chain.Contains(link))
            throw new ComposeException(extends.Key.Location, $"services.{name}.extends: circular extends: {string.Join(" -> ", chain)} -> {link}");
        chain = [.. chain, link];

        string baseName;
        string? otherFile = null;
        switch (extends.Value)
        {
            case ScalarNode s:
                baseName = s.Value;
                break;
            case MappingNode m:
                baseName = (m["service"] as ScalarNode)?.Value ?? "";
                otherFile = (m["file"] as ScalarNode)?.Value;
                break;
            default:
                throw new ComposeException(extends.Value.Location, $"services.{name}.extends must be a service name or a mapping");
        }

        var baseFile = otherFile ?? filePath;
        var baseServices = otherFile is null ? services : loadOtherFile(otherFile)["services"] as MappingNode;
        if (baseServices?[baseName] is not MappingNode)
            throw new ComposeException(extends.Value.Location,
                $"services.{name}.extends: service \"{baseName}\" not found in {display(baseFile)}");

        var baseService = ResolveService(baseServices, baseFile, baseName, chain);
        return NodeMerger.MergeService(baseService, service.Without("extends"));
    }
}
