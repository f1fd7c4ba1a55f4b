namespace Bockrose.Compose;

/// <summary>
/// Finds the compose file when none is named: in the working directory, then each parent, the first of
/// <c>compose.yaml</c>, <c>compose.yml</c>, <c>docker-compose.yaml</c>, <c>docker-compose.yml</c>,
/// <c>bockrose.yaml</c>. An override file next to it (<c>compose.override.yaml</c> for <c>compose.yaml</c>, and so
/// on) is loaded after it, as compose does.
/// </summary>
public static class ComposeFileLocator
{
    public static readonly IReadOnlyList<string> SearchOrder =
        ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", "bockrose.yaml"];

    /// <returns>The files to load, in order, or an empty list when no directory up to the root has one.</returns>
    public static IReadOnlyList<string> Find(string workingDirectory)
    {
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var name in SearchOrder)
            {
                var path = Path.Combine(dir.FullName, name);
                if (!File.Exists(path)) continue;
                var stem = Path.GetFileNameWithoutExtension(name);
                var overrides = new[] { ".yaml", ".yml" }
                    .Select(ext => Path.Combine(dir.FullName, $"{stem}.override{ext}"))
                    .FirstOrDefault(File.Exists);
                return overrides is null ? [path] : [path, overrides];
            }
        }
        return [];
    }
}
