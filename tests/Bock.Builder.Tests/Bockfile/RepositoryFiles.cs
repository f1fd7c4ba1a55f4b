using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Bock.Builder.Tests.Bockfile;

/// <summary>Files of the repository outside the test project (the schema, the examples), found from this source file.</summary>
internal static partial class RepositoryFiles
{
    public static string Root([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    public static string Schema => Path.Combine(Root(), "schemas", "bockfile.schema.json");

    public static IReadOnlyList<string> Examples =>
        [.. Directory.GetFiles(Path.Combine(Root(), "examples"), "Bockfile", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    [GeneratedRegex("```yaml\n(version: 1\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex CompleteBockfile();

    /// <summary>The complete Bockfiles (YAML blocks starting <c>version: 1</c>) of docs/bockfile-spec.md.</summary>
    public static IReadOnlyList<string> SpecBockfiles =>
        [.. CompleteBockfile().Matches(File.ReadAllText(Path.Combine(Root(), "docs", "bockfile-spec.md"))).Select(m => m.Groups[1].Value)];
}
