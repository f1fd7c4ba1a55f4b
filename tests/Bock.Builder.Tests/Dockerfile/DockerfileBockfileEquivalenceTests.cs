using System.Text.Json.Nodes;
using Bock.Builder.Bockfile;
using Bock.Builder.Dockerfile;
using Bock.Builder.Graph;
using Bock.Builder.Tests.Bockfile;

namespace Bock.Builder.Tests.Dockerfile;

/// <summary>
/// The two front ends compile to one graph: each Dockerfile of <see cref="BockfileEquivalenceTests"/> and its Bockfile
/// give the same canonical JSON once locations (which differ between the languages) are left out.
/// </summary>
public sealed class DockerfileBockfileEquivalenceTests
{
    public static TheoryData<string, string, string> Pairs => new()
    {
        { "multi-stage", BockfileEquivalenceTests.MultiStageDockerfile, BockfileEquivalenceTests.MultiStageBockfile },
        { "args", BockfileEquivalenceTests.ArgsDockerfile, BockfileEquivalenceTests.ArgsBockfile },
        { "config", BockfileEquivalenceTests.ConfigDockerfile, BockfileEquivalenceTests.ConfigBockfile },
        { "copy", BockfileEquivalenceTests.CopyDockerfile, BockfileEquivalenceTests.CopyBockfile },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void A_dockerfile_and_its_bockfile_compile_to_the_same_graph(string name, string dockerfile, string bockfile)
    {
        // The Bockfile refuses build args it does not declare, so only the args pair gets them.
        var buildArgs = name == "args"
            ? new Dictionary<string, string> { ["BASE"] = "alpine:3.21", ["VERSION"] = "2.0" }
            : new Dictionary<string, string>();
        var fromDockerfile = DockerfileFrontEnd.Parse(dockerfile, "Dockerfile", buildArgs, null);
        var fromBockfile = BockfileFrontEnd.Parse(bockfile, "Bockfile", buildArgs, null);
        Assert.True(WithoutLocations(fromBockfile) == WithoutLocations(fromDockerfile),
            $"{name}:\nDockerfile: {WithoutLocations(fromDockerfile)}\nBockfile: {WithoutLocations(fromBockfile)}");
    }

    private static string WithoutLocations(BuildGraph graph)
    {
        var node = JsonNode.Parse(BuildGraphJson.Serialize(graph))!;
        void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("location");
                foreach (var (_, child) in o) Strip(child);
            }
            else if (n is JsonArray a) foreach (var child in a) Strip(child);
        }
        Strip(node);
        return node.ToJsonString();
    }
}
