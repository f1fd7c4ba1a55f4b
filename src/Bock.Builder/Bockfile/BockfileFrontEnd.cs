using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// The Bockfile front end: a Bockfile (docs/bockfile-spec.md) to the <see cref="BuildGraph"/> the builder runs.
/// Every error is a <see cref="BuildSpecException"/> at file:line:column.
/// </summary>
public static partial class BockfileFrontEnd
{
    private static readonly string[] TopLevelKeys = ["version", "description", "args", "stages", "target"];

    [GeneratedRegex("^[a-z][a-z0-9_.-]*$")]
    private static partial Regex StageName();

    /// <param name="text">The Bockfile.</param>
    /// <param name="fileName">The name errors give.</param>
    /// <param name="buildArgs"><c>--build-arg</c> values; each must be declared in the top-level args.</param>
    /// <param name="target"><c>--target</c>: overrides the Bockfile's <c>target:</c>, which overrides the last stage written.</param>
    public static BuildGraph Parse(string text, string fileName, IReadOnlyDictionary<string, string> buildArgs, string? target)
    {
        var root = SpecNodeReader.Read(text, fileName);
        var fields = new SpecFields(root, "the Bockfile", TopLevelKeys, allowExtensions: true);
        var version = SpecValues.Scalar(fields.Required("version"), "version");
        if (version.Value != "1") throw version.Error($"unsupported version '{version.Value}': this builder reads version 1");

        var args = BuildArguments.Read(fields.Optional("args"), root, buildArgs);
        var stagesNode = fields.Required("stages");
        if (stagesNode is not SpecMapping { Entries.Count: > 0 } stageEntries)
            throw stagesNode.Error($"stages must be a mapping of stage names to stages, not {stagesNode.Describe}");
        foreach (var key in stageEntries.Entries.Select(e => e.Key))
        {
            if (!StageName().IsMatch(key.Value))
                throw key.Error($"'{key.Value}' is not a stage name (lowercase letters, digits, '.', '_' and '-', starting with a letter)");
            if (key.Value == "scratch") throw key.Error("'scratch' is the empty base and cannot name a stage");
        }

        var written = stageEntries.Entries.Select(e => e.Key.Value).ToList();
        var headers = stageEntries.Entries.ToDictionary(e => e.Key.Value, e => StageHeader.Read(e, args, written), StringComparer.Ordinal);

        // Compile bases first (a stage starts from its base stage's env and shell), then order by every reference.
        var compiled = new Dictionary<string, CompiledStage>(StringComparer.Ordinal);
        var compileOrder = StageOrder.Sort(written, name => headers[name].Base is StageBase.Stage parent
            ? [(parent.Name, headers[name].BaseLocation)]
            : []);
        foreach (var name in compileOrder)
        {
            var header = headers[name];
            var start = header.Base is StageBase.Stage parent ? compiled[parent.Name].FinalScope.Inherited() : StageScope.Empty;
            compiled[name] = StageCompiler.Compile(header, start, args, written);
        }
        var buildOrder = StageOrder.Sort(written, name => compiled[name].References);

        var targetName = target
            ?? (fields.Optional("target") is { } t ? Target(SpecValues.Scalar(t, "target"), written) : written[^1]);
        if (!compiled.ContainsKey(targetName))
            throw stagesNode.Error($"--target {targetName}: no such stage{NearestName.Hint(targetName, written)}");
        return new BuildGraph([.. buildOrder.Select((name, index) => compiled[name].Stage with { Index = index })], targetName);
    }

    /// <summary>
    /// The build args a Bockfile declares, with their types, defaults and descriptions, in the order written: what
    /// <c>bock-runtime build</c> lists for a Bockfile. Only the top level and the args are checked.
    /// </summary>
    public static IReadOnlyList<ArgDeclaration> DeclaredArgs(string text, string fileName)
    {
        var fields = new SpecFields(SpecNodeReader.Read(text, fileName), "the Bockfile", TopLevelKeys, allowExtensions: true);
        return [.. BuildArguments.Declare(fields.Optional("args")).Values.OrderBy(a => a.Location.Line).ThenBy(a => a.Location.Column)];
    }

    private static string Target(SpecScalar target, IReadOnlyList<string> stages) =>
        stages.Contains(target.Value)
            ? target.Value
            : throw target.Error($"target '{target.Value}' is not a stage{NearestName.Hint(target.Value, stages)}");
}
