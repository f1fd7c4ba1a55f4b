using System.Collections;
using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks;

/// <summary>
/// The global flags of <c>bockrose</c> (before the command, as docker compose's): which files, which project, which
/// env files and profiles. Paths become absolute here, against this process's working directory, because bockd
/// (which loads the files) has a working directory of its own.
/// </summary>
internal sealed record ComposeOptions
{
    public IReadOnlyList<string> Files { get; init; } = [];
    public string? ProjectName { get; init; }
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    public IReadOnlyList<string> Profiles { get; init; } = [];
    public string? ProjectDirectory { get; init; }
    public string? Host { get; init; }

    public static FlagSet Declare(FlagSet flags) => flags
        .List("file", 'f', "Compose configuration files", "stringArray")
        .Value("project-name", 'p', "Project name")
        .List("env-file", null, "Specify an alternate environment file", "stringArray")
        .List("profile", null, "Specify a profile to enable", "stringArray")
        .Value("project-directory", null, "Specify an alternate working directory (default: the path of the, first specified, Compose file)")
        .Value("host", 'H', "Daemon socket to connect to (default unix:///run/bock/bock.sock, or $BOCK_HOST)")
        .Bool("version", 'v', "Show the bockrose version information");

    public static ComposeOptions From(ParsedFlags flags) => new()
    {
        Files = flags.List("file"),
        ProjectName = flags.Value("project-name"),
        EnvFiles = flags.List("env-file"),
        Profiles = flags.List("profile"),
        ProjectDirectory = flags.Value("project-directory"),
        Host = flags.Value("host"),
    };

    /// <summary>
    /// The request every stack endpoint starts from. The working directory is docker compose's project directory:
    /// <c>--project-directory</c>, else the first file's directory, else here.
    /// </summary>
    public StackRequest ToRequest(string currentDirectory, IDictionary environment)
    {
        var files = Files.Select(f => f == "-" ? f : Path.GetFullPath(f, currentDirectory)).ToList();
        var workingDir = ProjectDirectory is { } dir ? Path.GetFullPath(dir, currentDirectory)
            : files.FirstOrDefault(f => f != "-") is { } first ? Path.GetDirectoryName(first)!
            : currentDirectory;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in environment)
            if (entry.Key is string key && entry.Value is string value) variables[key] = value;
        return new StackRequest
        {
            WorkingDir = workingDir,
            Files = files,
            ProjectName = ProjectName is { } p ? ProjectNames.Normalize(p) : null,
            EnvFiles = EnvFiles.Select(f => Path.GetFullPath(f, currentDirectory)).ToList(),
            Profiles = Profiles,
            Environment = variables,
        };
    }
}
