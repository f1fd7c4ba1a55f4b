using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// A stage before its steps are compiled: its keys checked, its <c>from</c> and <c>platform</c> substituted with the
/// top-level args (the only args they see, as before a Dockerfile's first FROM) and its base resolved. Read first for
/// every stage, since the base decides the order in which stages are compiled.
/// </summary>
internal sealed record StageHeader(string Name, SpecFields Fields, StageBase Base, SourceLocation BaseLocation, string? Platform,
    SourceLocation Location)
{
    public static readonly string[] Keys =
    [
        "from", "platform", "description", "steps",
        "env", "labels", "expose", "volumes", "workdir", "user", "stop_signal", "healthcheck", "onbuild", "entrypoint", "cmd",
    ];

    public static StageHeader Read(SpecEntry entry, BuildArguments args, IReadOnlyCollection<string> stages)
    {
        var name = entry.Key.Value;
        var fields = new SpecFields(entry.Value, $"stage '{name}'", Keys, allowExtensions: true);
        var fromNode = SpecValues.Scalar(fields.Required("from"), "from");
        var from = VariableSubstitution.Expand(fromNode, args.GlobalValue);
        StageBase stageBase = from == "scratch"
            ? new StageBase.Scratch()
            : StageReference.IsStage(from, fromNode, stages, bareWordIsImage: true)
                ? new StageBase.Stage(from)
                : new StageBase.Image(from);
        var platform = fields.Optional("platform") is { } p
            ? VariableSubstitution.Expand(SpecValues.Scalar(p, "platform"), args.GlobalValue)
            : null;
        return new StageHeader(name, fields, stageBase, fromNode.Location, platform, entry.Key.Location);
    }
}
