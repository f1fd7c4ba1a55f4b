using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// Puts stages in build order: each after the stages it reads, otherwise as written (a depth-first walk in written
/// order, so a Bockfile already in order keeps it). A cycle is an error at the reference that closes it.
/// </summary>
internal static class StageOrder
{
    public static IReadOnlyList<string> Sort(IReadOnlyList<string> written, Func<string, IEnumerable<(string Stage, SourceLocation At)>> dependencies)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var order = new List<string>();

        void Visit(string stage)
        {
            if (done.Contains(stage)) return;
            path.Add(stage);
            foreach (var (dependency, at) in dependencies(stage))
            {
                var onPath = path.IndexOf(dependency);
                if (onPath >= 0)
                    throw new BuildSpecException(at, $"stages depend on each other in a cycle: {string.Join(" -> ", path.Skip(onPath).Append(dependency))}");
                Visit(dependency);
            }
            path.RemoveAt(path.Count - 1);
            done.Add(stage);
            order.Add(stage);
        }

        foreach (var stage in written) Visit(stage);
        return order;
    }
}
