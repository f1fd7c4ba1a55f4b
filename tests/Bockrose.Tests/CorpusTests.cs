using System.Text.Json;
using Bockrose.Compose;
using Bockrose.Compose.Output;

namespace Bockrose.Tests;

/// <summary>
/// Each folder under Corpus/ is a project: compose file(s), maybe a .env, an args.json with the command line
/// (files, profiles, project name, env files, environment) and either expected.yaml (the <c>config</c> output,
/// with the case's absolute directory written as /corpus/CASE) or expected-error.txt (the exact error).
/// Set BOCKROSE_WRITE_CORPUS=1 to write the actual output next to the expectation as actual.* for review.
/// </summary>
public class CorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Root).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_fifteen_config_cases_and_error_cases()
    {
        var dirs = Directory.GetDirectories(Root);
        Assert.True(dirs.Count(d => File.Exists(Path.Combine(d, "expected.yaml"))) >= 15);
        Assert.True(dirs.Count(d => File.Exists(Path.Combine(d, "expected-error.txt"))) >= 5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Config_output_matches(string name)
    {
        var dir = Path.Combine(Root, name);
        var args = File.Exists(Path.Combine(dir, "args.json"))
            ? JsonSerializer.Deserialize<CaseArgs>(File.ReadAllText(Path.Combine(dir, "args.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!
            : new CaseArgs();
        var workingDirectory = Path.Combine(dir, args.WorkingDirectory ?? "");
        var options = new LoadOptions
        {
            WorkingDirectory = workingDirectory,
            Files = args.Files ?? [],
            Profiles = args.Profiles ?? [],
            ProjectName = args.ProjectName,
            EnvFiles = args.EnvFiles ?? [],
            Environment = (args.Env ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.Replace("$CASE", dir)),
        };

        string actual;
        string expectedFile;
        try
        {
            var loaded = ComposeLoader.Load(options);
            actual = ConfigRenderer.Render(loaded.Project).Replace(dir, $"/corpus/{name}");
            expectedFile = "expected.yaml";
            if (File.Exists(Path.Combine(dir, "expected-warnings.txt")))
            {
                var warnings = string.Join("\n", loaded.Warnings) + "\n";
                Write(dir, "actual-warnings.txt", warnings);
                Assert.Equal(File.ReadAllText(Path.Combine(dir, "expected-warnings.txt")), warnings);
            }
        }
        catch (ComposeException e)
        {
            actual = e.Message.Replace(dir, $"/corpus/{name}") + "\n";
            expectedFile = "expected-error.txt";
        }
        Write(dir, expectedFile.Replace("expected", "actual"), actual);
        var expectedPath = Path.Combine(dir, expectedFile);
        Assert.True(File.Exists(expectedPath), $"{name}: got {expectedFile.Replace("expected", "actual")} but no {expectedFile}:\n{actual}");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    private static void Write(string dir, string file, string text)
    {
        if (Environment.GetEnvironmentVariable("BOCKROSE_WRITE_CORPUS") is not "1") return;
        // Written back to the source tree (not the output copy) so a reviewer can diff it.
        var source = Path.Combine(FindSourceCorpus(), Path.GetFileName(dir), file);
        File.WriteAllText(source, text);
    }

    private static string FindSourceCorpus()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Bockrose.Tests.csproj"))) return Path.Combine(d.FullName, "Corpus");
        throw new InvalidOperationException("tests/Bockrose.Tests not found above the test binaries");
    }

    private sealed record CaseArgs
    {
        public List<string>? Files { get; init; }
        public List<string>? Profiles { get; init; }
        public string? ProjectName { get; init; }
        public List<string>? EnvFiles { get; init; }
        public Dictionary<string, string>? Env { get; init; }
        public string? WorkingDirectory { get; init; }
    }
}
