using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Graph;

public sealed class BuildGraphTests
{
    private static readonly SourceLocation At = new("Dockerfile", 1, 1);

    [Fact]
    public void Needed_follows_bases_and_copy_sources_transitively_in_build_order()
    {
        var graph = new BuildGraph(
        [
            new BuildStage("tools", 0, new StageBase.Image("busybox"), [], At),
            new BuildStage("unused", 1, new StageBase.Scratch(), [], At),
            new BuildStage("build", 2, new StageBase.Stage("tools"), [], At),
            new BuildStage("final", 3, new StageBase.Scratch(),
                [new CopyStep(At, ["/out"], "/") { FromStage = "build" }, new CopyStep(At, ["/bin/sh"], "/") { FromStage = "busybox:1.36" }], At),
        ], "final");
        Assert.Equal(["tools", "build", "final"], graph.Needed("final").Select(s => s.Name));
        Assert.Equal(["unused"], graph.Needed("unused").Select(s => s.Name));
    }

    [Fact]
    public void The_canonical_json_names_each_step_kind()
    {
        var graph = new BuildGraph([new BuildStage("0", 0, new StageBase.Scratch(),
            [new RunStep(At, ["echo hi"], true, ["/bin/sh", "-c"], new Dictionary<string, string>(), []), new CmdStep(At, ["sh"])], At)], "0");
        var json = BuildGraphJson.Serialize(graph);
        Assert.Contains("\"kind\": \"scratch\"", json);
        Assert.Contains("\"kind\": \"run\"", json);
        Assert.Contains("\"shell_form\": true", json);
        Assert.Contains("\"kind\": \"cmd\"", json);
    }
}
