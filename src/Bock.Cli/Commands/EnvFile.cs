using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary>Docker's <c>--env-file</c>: one <c>NAME=value</c> per line, <c>#</c> comments, a bare NAME taken from the environment.</summary>
internal static class EnvFile
{
    public static IEnumerable<string> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"invalid argument \"{path}\" for \"--env-file\" flag: {e.Message}");
        }
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimStart();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var name = line.Split('=', 2)[0];
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
                throw new UsageException($"invalid argument \"{path}\" for \"--env-file\" flag: line {n + 1}: variable '{name}' contains whitespaces");
            if (line.Contains('=')) yield return line;
            else if (Environment.GetEnvironmentVariable(name) is { } value) yield return $"{name}={value}";
        }
    }
}
