using System.Text.RegularExpressions;

namespace Bockrose.Compose;

/// <summary>
/// Compose's project-name rules. A name the user gave (<c>-p</c>, <c>COMPOSE_PROJECT_NAME</c>, top-level
/// <c>name</c>) must already be valid: lowercase letters, digits, <c>-</c> and <c>_</c>, starting with a letter or
/// digit. A name taken from the project directory is normalised into that form instead.
/// </summary>
public static partial class ProjectNames
{
    public static bool IsValid(string name) => ValidName().IsMatch(name);

    /// <summary>Lowercased, every character outside <c>[a-z0-9_-]</c> dropped, leading <c>-</c>/<c>_</c> trimmed.</summary>
    public static string Normalize(string name) => Invalid().Replace(name.ToLowerInvariant(), "").TrimStart('-', '_');

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^a-z0-9_-]")]
    private static partial Regex Invalid();
}
