using Bock.Builder.Bockfile;

namespace Bock.Builder.Tests.Bockfile;

/// <summary>The examples (examples/ and the spec's complete Bockfiles) compile: documentation that no longer builds fails here.</summary>
public sealed class BockfileDocumentationTests
{
    public static TheoryData<string> Examples()
    {
        var files = new TheoryData<string>();
        foreach (var example in RepositoryFiles.Examples) files.Add(example);
        return files;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_compiles_with_its_defaults(string file)
    {
        var graph = BockfileFrontEnd.Parse(File.ReadAllText(file), file, new Dictionary<string, string>(), null);
        Assert.NotEmpty(graph.Stages);
    }

    [Fact]
    public void The_busybox_example_builds_from_scratch_and_links_the_applets()
    {
        var graph = BockfileFrontEnd.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "examples", "busybox", "Bockfile")),
            "Bockfile", new Dictionary<string, string>(), null);
        var stage = Assert.Single(graph.Stages);
        Assert.IsType<Bock.Builder.Graph.StageBase.Scratch>(stage.Base);
        Assert.Contains(stage.Steps.OfType<Bock.Builder.Graph.RunStep>(), r => r.Command.SequenceEqual(["/bin/busybox", "--install", "-s", "/bin"]) && !r.ShellForm);
    }

    [Fact]
    public void The_specs_complete_bockfiles_compile()
    {
        var blocks = RepositoryFiles.SpecBockfiles;
        Assert.NotEmpty(blocks);
        foreach (var block in blocks) Assert.NotEmpty(BockfileFrontEnd.Parse(block, "bockfile-spec.md", new Dictionary<string, string>(), null).Stages);
    }
}
