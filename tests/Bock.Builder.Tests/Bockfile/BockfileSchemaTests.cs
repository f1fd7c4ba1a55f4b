using System.Text.Json;
using Json.Schema;

namespace Bock.Builder.Tests.Bockfile;

/// <summary>schemas/bockfile.schema.json accepts every Bockfile the front end accepts here, and rejects the malformed ones.</summary>
public sealed class BockfileSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(RepositoryFiles.Schema));

    public static TheoryData<string> ValidFiles()
    {
        var files = new TheoryData<string>();
        foreach (var name in BockfileCorpus.Cases("")) files.Add(Path.Combine(BockfileCorpus.Root, name, "Bockfile"));
        foreach (var example in RepositoryFiles.Examples) files.Add(example);
        return files;
    }

    /// <summary>Error cases whose mistake is one of shape, which an editor can show before any build.</summary>
    public static TheoryData<string> ShapeErrors() =>
        ["unknown-config-key", "unknown-step-option", "unknown-step-kind", "two-step-kinds", "bad-duration", "bad-port", "missing-version"];

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void The_schema_accepts_every_corpus_case_and_example(string file)
    {
        var result = Evaluate(File.ReadAllText(file));
        Assert.True(result.IsValid, $"{file}: {Describe(result)}");
    }

    [Theory]
    [MemberData(nameof(ShapeErrors))]
    public void The_schema_rejects_malformed_bockfiles(string name)
    {
        var result = Evaluate(File.ReadAllText(Path.Combine(BockfileCorpus.Root, "errors", name, "Bockfile")));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void The_schema_accepts_the_specs_complete_bockfiles()
    {
        Assert.NotEmpty(RepositoryFiles.SpecBockfiles);
        foreach (var block in RepositoryFiles.SpecBockfiles)
        {
            var result = Evaluate(block);
            Assert.True(result.IsValid, Describe(result));
        }
    }

    [Fact]
    public void The_schema_is_draft_2020_12()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Schema));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    private static EvaluationResults Evaluate(string yaml)
    {
        using var document = JsonDocument.Parse(YamlToJson.Convert(yaml)?.ToJsonString() ?? "null");
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) => string.Join("; ", (result.Details ?? [])
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")));
}
