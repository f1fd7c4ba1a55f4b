using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// Resolves what <c>COPY --from</c> and <c>RUN --mount=from=</c> name: a stage by name (case-insensitive) or by index,
/// else an image reference, as BuildKit does. Naming the stage itself or a later one is a circular dependency.
/// </summary>
internal sealed class StageReferences(IReadOnlyList<StageHeader> stages)
{
    public string Resolve(string reference, int currentIndex, SourceLocation location, string what)
    {
        if (reference.Length == 0) throw new BuildSpecException(location, $"{what} needs a stage name, index or image");
        StageHeader? stage;
        if (int.TryParse(reference, System.Globalization.NumberStyles.None, null, out var index))
        {
            if (index >= stages.Count)
                throw new BuildSpecException(location, $"{what}={reference}: there is no stage {index} (the Dockerfile has {stages.Count})");
            stage = stages[index];
        }
        else stage = stages.FirstOrDefault(s => s.Name == reference.ToLowerInvariant());
        if (stage is null) return reference;
        if (stage.Index >= currentIndex)
            throw new BuildSpecException(location, $"{what}={reference}: circular dependency: stage \"{stage.Name}\" is " +
                (stage.Index == currentIndex ? "this stage" : "defined later"));
        return stage.Name;
    }
}
