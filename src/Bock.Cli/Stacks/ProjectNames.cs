using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks;

/// <summary>docker compose's project names: lower case letters, digits, '-' and '_', starting with a letter or digit.</summary>
internal static class ProjectNames
{
    public static string Normalize(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower.Length == 0 || !char.IsAsciiLetterOrDigit(lower[0]) || !lower.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new UsageException($"invalid project name \"{name}\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number");
        return lower;
    }
}
