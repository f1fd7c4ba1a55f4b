using System.Collections;
using System.Collections.Immutable;

namespace Bockrose.Compose;

/// <summary>
/// What the command line says about the project: the <c>-f</c> files in order (none: <c>COMPOSE_FILE</c>, then
/// the file search), <c>-p</c>, <c>--project-directory</c>, <c>--profile</c>s, <c>--env-file</c>s, and the
/// process environment (passed in, so tests and the orchestrator control it).
/// </summary>
public sealed record LoadOptions
{
    public required string WorkingDirectory { get; init; }

    public IReadOnlyList<string> Files { get; init; } = [];

    public string? ProjectName { get; init; }

    public string? ProjectDirectory { get; init; }

    public IReadOnlyList<string> Profiles { get; init; } = [];

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Options for the current process: its working directory and environment.</summary>
    public static LoadOptions FromProcess() => new()
    {
        WorkingDirectory = Directory.GetCurrentDirectory(),
        Environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToImmutableDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal),
    };
}
