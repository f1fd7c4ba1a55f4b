using System.Collections.Immutable;
using Bockrose.Compose.Normalization;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Validation;

/// <summary>
/// Checks that need the whole merged model, made on the nodes so each error points at the line that names the
/// missing thing: a <c>depends_on</c> on a service that does not exist (or that its profiles turned off), a
/// dependency cycle (named in full), a network, volume, secret or config a service uses but the model does not
/// define, a <c>network_mode: service:x</c> on a missing service. A dependency marked <c>required: false</c> on a
/// missing service only warns, as in compose.
/// </summary>
internal static class SemanticChecks
{
    public static MappingNode Check(MappingNode model, ImmutableDictionary<string, ImmutableArray<string>> disabledProfiles, ICollection<string> warnings)
    {
        var errors = new List<ComposeError>();
        var services = model["services"] as MappingNode ?? MappingNode.Empty(model.Location);
        var names = services.Keys.ToHashSet(StringComparer.Ordinal);
        var networks = Keys(model["networks"]).Append("default").ToHashSet(StringComparer.Ordinal);
        var volumes = Keys(model["volumes"]).ToHashSet(StringComparer.Ordinal);
        var secrets = Keys(model["secrets"]).ToHashSet(StringComparer.Ordinal);
        var configs = Keys(model["configs"]).ToHashSet(StringComparer.Ordinal);
        var graph = new Dictionary<string, List<(string Target, SourceLocation Where)>>();

        foreach (var svc in services.Entries)
        {
            var name = svc.Key.Value;
            graph[name] = [];
            if (svc.Value is not MappingNode s) continue;
            if (s["depends_on"] is MappingNode deps)
            {
                var kept = deps;
                foreach (var dep in deps.Entries)
                {
                    var target = dep.Key.Value;
                    if (names.Contains(target))
                    {
                        graph[name].Add((target, dep.Key.Location));
                        continue;
                    }
                    var required = ((dep.Value as MappingNode)?["required"] as ScalarNode)?.AsBool() ?? true;
                    var because = disabledProfiles.TryGetValue(target, out var profiles)
                        ? $"service \"{name}\" depends on service \"{target}\", which is off: none of its profiles ({string.Join(", ", profiles)}) is active"
                        : $"service \"{name}\" depends on undefined service \"{target}\"";
                    if (required) errors.Add(new ComposeError(dep.Key.Location, because));
                    else warnings.Add($"{dep.Key.Location}: {because}; ignored because it is not required");
                    kept = kept.Without(target);
                }
                if (!ReferenceEquals(kept, deps))
                    services = services.With(name, s.With("depends_on", kept));
            }
            foreach (var net in (s["networks"] as MappingNode)?.Entries ?? [])
                if (!networks.Contains(net.Key.Value))
                    errors.Add(new ComposeError(net.Key.Location, $"service \"{name}\" refers to undefined network \"{net.Key.Value}\""));
            foreach (var vol in (s["volumes"] as SequenceNode)?.Items ?? [])
            {
                var source = NamedVolume(vol);
                if (source is not null && !volumes.Contains(source))
                    errors.Add(new ComposeError(vol.Location, $"service \"{name}\" refers to undefined volume \"{source}\""));
            }
            CheckReferences(s["secrets"], secrets, "secret", name, errors);
            CheckReferences(s["configs"], configs, "config", name, errors);
            if ((s["network_mode"] as ScalarNode)?.Value is { } mode && mode.StartsWith("service:", StringComparison.Ordinal) && !names.Contains(mode[8..]))
                errors.Add(new ComposeError(s["network_mode"]!.Location, $"service \"{name}\" uses the network of undefined service \"{mode[8..]}\""));
        }

        if (FindCycle(graph) is { } cycle)
            errors.Add(new ComposeError(cycle.Where, $"dependency cycle: {string.Join(" -> ", cycle.Path)}"));
        if (errors.Count > 0) throw new ComposeException(errors);
        return model["services"] is null ? model : model.With("services", services);
    }

    private static IEnumerable<string> Keys(ComposeNode? node) => (node as MappingNode)?.Keys ?? [];

    private static string? NamedVolume(ComposeNode node)
    {
        try
        {
            return node switch
            {
                ScalarNode s when VolumeSyntax.Split(s.Value).Source is { } src && !VolumeSyntax.IsPath(src) => src,
                MappingNode m when (m["type"] as ScalarNode)?.Value == "volume" => (m["source"] as ScalarNode)?.Text,
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void CheckReferences(ComposeNode? node, HashSet<string> defined, string kind, string service, List<ComposeError> errors)
    {
        foreach (var item in (node as SequenceNode)?.Items ?? [])
        {
            var source = item switch
            {
                ScalarNode s => s.Value,
                MappingNode m => (m["source"] as ScalarNode)?.Value,
                _ => null,
            };
            if (source is not null && !defined.Contains(source))
                errors.Add(new ComposeError(item.Location, $"service \"{service}\" refers to undefined {kind} \"{source}\""));
        }
    }

    /// <summary>The first cycle found by depth-first search, from its first service back to it, in file order.</summary>
    private static (IReadOnlyList<string> Path, SourceLocation Where)? FindCycle(Dictionary<string, List<(string Target, SourceLocation Where)>> graph)
    {
        var done = new HashSet<string>();
        var stack = new List<string>();
        var onStack = new HashSet<string>();
        (IReadOnlyList<string>, SourceLocation)? found = null;

        bool Visit(string node)
        {
            stack.Add(node);
            onStack.Add(node);
            foreach (var (target, where) in graph[node])
            {
                if (onStack.Contains(target))
                {
                    var start = stack.IndexOf(target);
                    found = ([.. stack.Skip(start), target], where);
                    return true;
                }
                if (!done.Contains(target) && Visit(target)) return true;
            }
            stack.RemoveAt(stack.Count - 1);
            onStack.Remove(node);
            done.Add(node);
            return false;
        }

        foreach (var node in graph.Keys)
            if (!done.Contains(node) && Visit(node)) return found;
        return null;
    }
}
