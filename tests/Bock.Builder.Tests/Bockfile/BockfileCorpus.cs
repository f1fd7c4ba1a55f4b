using System.Text.Json;
using Bock.Builder.Bockfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Bockfile;

/// <summary>
/// The corpus under Corpus/bockfile: one folder per case with a <c>Bockfile</c>, optional <c>build-args.json</c>
/// (a JSON object of strings) and <c>target.txt</c>, and the expected outcome: <c>expected.json</c> (the canonical
/// graph) or, under <c>errors/</c>, <c>expected-error.txt</c> (the exact message).
/// </summary>
internal static class BockfileCorpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus", "bockfile");

    /// <summary>The source tree's copy of the corpus, for regenerating expected files (BOCK_UPDATE_CORPUS=1).</summary>
    public static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "Corpus", "bockfile"));

    public static bool Updating => Environment.GetEnvironmentVariable("BOCK_UPDATE_CORPUS") == "1";

    public static TheoryData<string> Cases(string under)
    {
        var cases = new TheoryData<string>();
        foreach (var name in Directory.GetDirectories(Path.Combine(Root, under)).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal))
            if (name != "errors") cases.Add(name);
        return cases;
    }

    public static BuildGraph Parse(string directory)
    {
        var argsFile = Path.Combine(directory, "build-args.json");
        var buildArgs = File.Exists(argsFile)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(argsFile))!
            : new Dictionary<string, string>();
        var targetFile = Path.Combine(directory, "target.txt");
        var target = File.Exists(targetFile) ? File.ReadAllText(targetFile).Trim() : null;
        return BockfileFrontEnd.Parse(File.ReadAllText(Path.Combine(directory, "Bockfile")), "Bockfile", buildArgs, target);
    }
}
