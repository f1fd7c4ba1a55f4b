using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// Compiles one stage: its steps in order, then its image config keys in a fixed order (env, labels, expose,
/// volumes, workdir, user, stop_signal, healthcheck, onbuild, entrypoint, cmd), so the config describes the image
/// and does not affect the steps: a stage can build as root and still run as <c>user: app</c>.
/// </summary>
internal sealed partial class StageCompiler
{
    private readonly StageHeader _header;
    private readonly BuildArguments _args;
    private readonly IReadOnlyCollection<string> _stages;
    private readonly List<BuildStep> _steps = [];
    private readonly List<(string Stage, SourceLocation At)> _references = [];
    private StageScope _scope;

    private StageCompiler(StageHeader header, StageScope start, BuildArguments args, IReadOnlyCollection<string> stages)
    {
        _header = header;
        _scope = start;
        _args = args;
        _stages = stages;
    }

    public static CompiledStage Compile(StageHeader header, StageScope start, BuildArguments args, IReadOnlyCollection<string> stages)
    {
        var compiler = new StageCompiler(header, start, args, stages);
        if (header.Base is StageBase.Stage parent) compiler._references.Add((parent.Name, header.BaseLocation));
        if (header.Fields.Optional("steps") is { } steps)
        {
            if (steps is not SpecSequence list) throw steps.Error($"steps must be a list, not {steps.Describe}");
            foreach (var step in list.Items) compiler.CompileStep(step);
        }
        compiler.CompileConfig();
        // The index is the stage's place in build order, known once every stage is compiled.
        var stage = new BuildStage(header.Name, 0, header.Base, compiler._steps, header.Location) { Platform = header.Platform };
        return new CompiledStage(stage, compiler._scope, compiler._references);
    }

    private string Expand(SpecScalar scalar) => VariableSubstitution.Expand(scalar, _scope.Lookup);

    private string Expand(SpecNode node, string what) => Expand(SpecValues.Scalar(node, what));

    /// <summary>A stage or image a step reads; a stage is remembered for the build order.</summary>
    private string Source(SpecNode node, string what)
    {
        var scalar = SpecValues.Scalar(node, what);
        var reference = Expand(scalar);
        if (StageReference.IsStage(reference, scalar, _stages, bareWordIsImage: false)) _references.Add((reference, scalar.Location));
        return reference;
    }
}
