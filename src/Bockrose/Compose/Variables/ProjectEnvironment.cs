using System.Collections.Immutable;

namespace Bockrose.Compose.Variables;

/// <summary>
/// The variables interpolation sees: the env files (<c>.env</c> in the project directory, or every
/// <c>--env-file</c> in order) overlaid by the process environment, which always wins, as in compose.
/// </summary>
internal sealed record ProjectEnvironment(ImmutableDictionary<string, string> Variables)
{
    public string? Get(string name) => Variables.GetValueOrDefault(name);

    public static ProjectEnvironment Build(
        IReadOnlyDictionary<string, string> processEnvironment,
        string projectDirectory,
        IReadOnlyList<string> envFiles,
        string workingDirectory)
    {
        var files = envFiles.Count > 0
            ? envFiles.Select(f => (Path: Path.GetFullPath(f, workingDirectory), Display: f, Required: true)).ToList()
            : [(Path: Path.Combine(projectDirectory, ".env"), Display: Path.GetRelativePath(workingDirectory, Path.Combine(projectDirectory, ".env")), Required: false)];

        var vars = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (path, display, required) in files)
        {
            if (Directory.Exists(path))
                throw new ComposeException(null, $"env file {display} is a directory");
            if (!File.Exists(path))
            {
                if (required) throw new ComposeException(null, $"env file {display} not found");
                continue;
            }
            string? Lookup(string name) => processEnvironment.GetValueOrDefault(name) ?? vars.GetValueOrDefault(name);
            foreach (var (k, v) in DotEnvParser.Parse(File.ReadAllText(path), display, Lookup)) vars[k] = v;
        }
        foreach (var (k, v) in processEnvironment) vars[k] = v;
        return new ProjectEnvironment(vars.ToImmutable());
    }
}
