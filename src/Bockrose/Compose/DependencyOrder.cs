using Bockrose.Compose.Model;

namespace Bockrose.Compose;

/// <summary>
/// The order the orchestrator starts services in: every service after the services it depends on, ties broken by
/// name so the order is the same on every run. Stop in the reverse order. The loader has already refused cycles
/// and missing services; a project built by hand with one is rejected here too.
/// </summary>
public static class DependencyOrder
{
    public static IReadOnlyList<string> StartOrder(Project project)
    {
        var waiting = project.Services.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.DependsOn.Keys.Where(project.Services.ContainsKey).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var ready = new SortedSet<string>(waiting.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key), StringComparer.Ordinal);
        var order = new List<string>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            waiting.Remove(next);
            order.Add(next);
            foreach (var (name, deps) in waiting)
                if (deps.Remove(next) && deps.Count == 0) ready.Add(name);
        }
        if (waiting.Count > 0)
            throw new InvalidOperationException($"dependency cycle among {string.Join(", ", waiting.Keys.Order(StringComparer.Ordinal))}");
        return order;
    }

    public static IReadOnlyList<string> StopOrder(Project project) => [.. StartOrder(project).Reverse()];
}
