using System.Runtime.CompilerServices;

namespace Bock.Builder.Tests.Bockfile;

/// <summary>Files of the repository outside the test project (the schema, the examples), found from this source file.</summary>
internal static class RepositoryFiles
{
    public static string Root([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    public static string Schema => Path.Combine(Root(), "schemas", "bockfile.schema.json");

    public static IReadOnlyList<string> Examples =>
        [.. Directory.GetFiles(Path.Combine(Root(), "examples"), "Bockfile", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
