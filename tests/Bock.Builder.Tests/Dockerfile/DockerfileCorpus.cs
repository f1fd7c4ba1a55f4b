using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Bock.Builder.Tests.Dockerfile;

/// <summary>
/// The Dockerfile corpus: Corpus/dockerfile/&lt;case&gt;/ holds a Dockerfile, optional build-args.json and target.txt,
/// and either expected.json (the canonical graph) or, under errors/, expected-error.txt (the exact message).
/// </summary>
internal static class DockerfileCorpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus", "dockerfile");

    public static TheoryData<string> Cases(string under) =>
        [.. Directory.GetDirectories(Path.Combine(Root, under)).Select(d => Path.GetFileName(d)).Where(n => n != "errors").Order(StringComparer.Ordinal)];

    public static IReadOnlyDictionary<string, string> BuildArgs(string directory)
    {
        var file = Path.Combine(directory, "build-args.json");
        return File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!
            : new Dictionary<string, string>();
    }

    public static string? Target(string directory)
    {
        var file = Path.Combine(directory, "target.txt");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    /// <summary>The corpus in the source tree, for writing a new case's output (BOCK_UPDATE_CORPUS=1) to review by eye.</summary>
    public static string SourceRoot([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "Corpus", "dockerfile");

    public static bool Writing => Environment.GetEnvironmentVariable("BOCK_UPDATE_CORPUS") == "1";
}
