namespace Bock.Builder.Graph;

/// <summary>
/// One stage: its <see cref="Name"/> (<c>AS name</c> / the Bockfile's key; an unnamed Dockerfile stage is named by its
/// index, "0", "1", …), its base, and its steps in order.
/// </summary>
public sealed record BuildStage(string Name, int Index, StageBase Base, IReadOnlyList<BuildStep> Steps, SourceLocation Location)
{
    /// <summary>The platform the stage's base is pulled for (<c>FROM --platform=…</c>, the Bockfile's <c>platform:</c>); null is the build's own.</summary>
    public string? Platform { get; init; }

    /// <summary>
    /// What this stage reads besides the context: a stage it is based on and every <c>COPY --from</c> or mount
    /// source, stage names and image references alike (<see cref="BuildGraph.Needed"/> tells them apart).
    /// </summary>
    public IReadOnlyList<string> Dependencies =>
        [.. (Base is StageBase.Stage s ? [s.Name] : Array.Empty<string>())
            .Concat(Steps.OfType<CopyStep>().Select(c => c.FromStage).OfType<string>())
            .Concat(Steps.OfType<RunStep>().SelectMany(r => r.Mounts).Select(m => m.FromStage).OfType<string>())
            .Distinct(StringComparer.Ordinal)];
}
