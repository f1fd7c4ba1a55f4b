using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Bockfile;

public sealed class BockfileCorpusTests
{
    public static TheoryData<string> Cases => BockfileCorpus.Cases("");

    public static TheoryData<string> ErrorCases => BockfileCorpus.Cases("errors");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_compiles_to_its_expected_graph(string name)
    {
        var actual = BuildGraphJson.Serialize(BockfileCorpus.Parse(Path.Combine(BockfileCorpus.Root, name))) + "\n";
        if (BockfileCorpus.Updating) File.WriteAllText(Path.Combine(BockfileCorpus.SourceRoot(), name, "expected.json"), actual);
        Assert.Equal(File.ReadAllText(Path.Combine(BockfileCorpus.Root, name, "expected.json")), actual);
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Each_error_case_fails_with_its_exact_message(string name)
    {
        var directory = Path.Combine(BockfileCorpus.Root, "errors", name);
        var error = Assert.Throws<BuildSpecException>(() => BockfileCorpus.Parse(directory));
        if (BockfileCorpus.Updating) File.WriteAllText(Path.Combine(BockfileCorpus.SourceRoot(), "errors", name, "expected-error.txt"), error.Message + "\n");
        Assert.Equal(File.ReadAllText(Path.Combine(directory, "expected-error.txt")).TrimEnd('\n'), error.Message);
        Assert.StartsWith($"{error.Location}: ", error.Message);
    }

    [Fact]
    public void The_corpus_has_the_cases_the_contract_needs()
    {
        Assert.True(Cases.Count >= 12, $"only {Cases.Count} cases");
        Assert.True(ErrorCases.Count >= 12, $"only {ErrorCases.Count} error cases");
    }
}
