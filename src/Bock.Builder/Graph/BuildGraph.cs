namespace Bock.Builder.Graph;

/// <summary>
/// What both front ends (Dockerfile, Bockfile) compile to: stages in the order written, each with its base and its
/// steps, variables already substituted where the builder (not a shell) substitutes them. <see cref="Target"/> is the
/// stage the image comes from: the last one unless <c>--target</c> names another.
/// </summary>
public sealed record BuildGraph(IReadOnlyList<BuildStage> Stages, string Target)
{
    public BuildStage Stage(string name) => Stages.First(s => s.Name == name);

    /// <summary>The stages <paramref name="target"/> needs (its base and its <c>COPY --from</c> sources, transitively), in build order.</summary>
    public IReadOnlyList<BuildStage> Needed(string target)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var stages = Stages.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        void Visit(string name)
        {
            // A COPY --from or mount source that is no stage is an image: fetched, not built.
            if (!stages.Contains(name) || !needed.Add(name)) return;
            foreach (var dependency in Stage(name).Dependencies) Visit(dependency);
        }
        Visit(target);
        return [.. Stages.Where(s => needed.Contains(s.Name))];
    }
}
