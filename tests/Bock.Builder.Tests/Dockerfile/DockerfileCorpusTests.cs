using Bock.Builder.Dockerfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Dockerfile;

public sealed class DockerfileCorpusTests
{
    public static TheoryData<string> Graphs => DockerfileCorpus.Cases("");

    public static TheoryData<string> Errors => DockerfileCorpus.Cases("errors");

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Each_case_compiles_to_its_expected_graph(string name)
    {
        var directory = Path.Combine(DockerfileCorpus.Root, name);
        var graph = DockerfileFrontEnd.Parse(File.ReadAllText(Path.Combine(directory, "Dockerfile")), "Dockerfile",
            DockerfileCorpus.BuildArgs(directory), DockerfileCorpus.Target(directory));
        var actual = BuildGraphJson.Serialize(graph) + "\n";
        if (DockerfileCorpus.Writing) File.WriteAllText(Path.Combine(DockerfileCorpus.SourceRoot(), name, "expected.json"), actual);
        Assert.Equal(File.ReadAllText(Path.Combine(directory, "expected.json")), actual);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_error_case_fails_with_its_exact_location_and_message(string name)
    {
        var directory = Path.Combine(DockerfileCorpus.Root, "errors", name);
        var error = Assert.Throws<BuildSpecException>(() => DockerfileFrontEnd.Parse(File.ReadAllText(Path.Combine(directory, "Dockerfile")),
            "Dockerfile", DockerfileCorpus.BuildArgs(directory), DockerfileCorpus.Target(directory)));
        if (DockerfileCorpus.Writing) File.WriteAllText(Path.Combine(DockerfileCorpus.SourceRoot(), "errors", name, "expected-error.txt"), error.Message + "\n");
        Assert.Equal(File.ReadAllText(Path.Combine(directory, "expected-error.txt")).TrimEnd('\n'), error.Message);
    }

    // Every prefix of every corpus Dockerfile is either a graph or a BuildSpecException: never a crash of the reader.
    [Theory]
    [MemberData(nameof(Graphs))]
    public void Every_truncation_of_a_case_fails_cleanly_or_compiles(string name)
    {
        var directory = Path.Combine(DockerfileCorpus.Root, name);
        var text = File.ReadAllText(Path.Combine(directory, "Dockerfile"));
        for (var length = 0; length <= text.Length; length++)
        {
            try
            {
                DockerfileFrontEnd.Parse(text[..length], "Dockerfile", DockerfileCorpus.BuildArgs(directory), null);
            }
            catch (BuildSpecException)
            {
            }
        }
    }

    // Seeded mutations (a special character inserted, or a character dropped) never crash the front end either.
    [Theory]
    [MemberData(nameof(Graphs))]
    public void Mutations_of_a_case_fail_cleanly_or_compile(string name)
    {
        const string specials = "\"'\\`$[]{}<>-=#:,/ \t\n";
        var directory = Path.Combine(DockerfileCorpus.Root, name);
        var text = File.ReadAllText(Path.Combine(directory, "Dockerfile"));
        var random = new Random(name.Length * 7919 + text.Length);
        for (var i = 0; i < 300; i++)
        {
            var at = random.Next(text.Length);
            var mutated = random.Next(3) == 0 ? text.Remove(at, 1) : text.Insert(at, specials[random.Next(specials.Length)].ToString());
            try
            {
                DockerfileFrontEnd.Parse(mutated, "Dockerfile", DockerfileCorpus.BuildArgs(directory), null);
            }
            catch (BuildSpecException)
            {
            }
        }
    }
}
