using System.Text.Json.Serialization;

namespace Bock.Builder.Graph;

/// <summary>
/// One instruction of a stage, with the values the builder substitutes already substituted. Steps that change the
/// filesystem (<see cref="RunStep"/>, <see cref="CopyStep"/>) make a layer; the others change only the image config.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(RunStep), "run")]
[JsonDerivedType(typeof(CopyStep), "copy")]
[JsonDerivedType(typeof(EnvStep), "env")]
[JsonDerivedType(typeof(LabelStep), "label")]
[JsonDerivedType(typeof(WorkdirStep), "workdir")]
[JsonDerivedType(typeof(UserStep), "user")]
[JsonDerivedType(typeof(ArgStep), "arg")]
[JsonDerivedType(typeof(ExposeStep), "expose")]
[JsonDerivedType(typeof(VolumeStep), "volume")]
[JsonDerivedType(typeof(EntrypointStep), "entrypoint")]
[JsonDerivedType(typeof(CmdStep), "cmd")]
[JsonDerivedType(typeof(ShellStep), "shell")]
[JsonDerivedType(typeof(StopSignalStep), "stop_signal")]
[JsonDerivedType(typeof(HealthcheckStep), "healthcheck")]
[JsonDerivedType(typeof(OnbuildStep), "onbuild")]
public abstract record BuildStep(SourceLocation Location);

/// <summary>
/// RUN. <see cref="Command"/> is the argv for the JSON form, or the one shell command line for the shell form (run
/// with the stage's SHELL, default <c>/bin/sh -c</c>; the shell, not the builder, expands its variables).
/// <see cref="BuildArgs"/> are the ARGs in scope with their values: they are in RUN's environment, not the image's.
/// </summary>
public sealed record RunStep(SourceLocation Location, IReadOnlyList<string> Command, bool ShellForm, IReadOnlyList<string> Shell,
    IReadOnlyDictionary<string, string> BuildArgs, IReadOnlyList<RunMount> Mounts) : BuildStep(Location)
{
    /// <summary><c>RUN --network=none|host|default</c>; null is the default.</summary>
    public string? Network { get; init; }

    /// <summary>A heredoc's files (<c>RUN &lt;&lt;EOF</c>): the command reads them as Docker does (the first one is the script when no command is given).</summary>
    public IReadOnlyList<InlineFile> Heredocs { get; init; } = [];
}

/// <summary><c>RUN --mount=type=cache|bind|tmpfs|secret,…</c>.</summary>
public sealed record RunMount(string Type, string Target)
{
    /// <summary>bind: the stage or image whose files are mounted (null: the build context).</summary>
    public string? FromStage { get; init; }
    public string? Source { get; init; }
    /// <summary>cache: its id (default the target); secret: the secret's id.</summary>
    public string? Id { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>cache: shared|private|locked.</summary>
    public string? Sharing { get; init; }
    public string? Mode { get; init; }
    public string? Uid { get; init; }
    public string? Gid { get; init; }
    public bool Required { get; init; }
}

/// <summary>A file given inline (a heredoc of RUN or COPY).</summary>
public sealed record InlineFile(string Name, string Content, bool Expand);

/// <summary>
/// COPY and ADD. <see cref="Sources"/> are paths (with wildcards) in the context or in <see cref="FromStage"/>, or
/// for ADD also http(s) URLs; <see cref="Inline"/> are heredoc files. ADD unpacks local tar archives
/// (<see cref="IsAdd"/>).
/// </summary>
public sealed record CopyStep(SourceLocation Location, IReadOnlyList<string> Sources, string Destination) : BuildStep(Location)
{
    public bool IsAdd { get; init; }
    /// <summary>A stage name or an image reference (<c>COPY --from=busybox</c>); null is the build context.</summary>
    public string? FromStage { get; init; }
    public string? Chown { get; init; }
    public string? Chmod { get; init; }
    public bool Link { get; init; }
    public IReadOnlyList<string> Excludes { get; init; } = [];
    public IReadOnlyList<InlineFile> Inline { get; init; } = [];
    /// <summary>ADD --checksum=sha256:… of a URL.</summary>
    public string? Checksum { get; init; }
}

/// <summary>ENV: set in the image config and for every later step.</summary>
public sealed record EnvStep(SourceLocation Location, IReadOnlyList<KeyValuePair<string, string>> Variables) : BuildStep(Location);

public sealed record LabelStep(SourceLocation Location, IReadOnlyList<KeyValuePair<string, string>> Labels) : BuildStep(Location);

public sealed record WorkdirStep(SourceLocation Location, string Path) : BuildStep(Location);

public sealed record UserStep(SourceLocation Location, string User) : BuildStep(Location);

/// <summary>ARG inside a stage: only declares (its value is already in the RunSteps after it); kept for the history.</summary>
public sealed record ArgStep(SourceLocation Location, string Name, string? Default) : BuildStep(Location);

/// <summary>EXPOSE: "80/tcp" form.</summary>
public sealed record ExposeStep(SourceLocation Location, IReadOnlyList<string> Ports) : BuildStep(Location);

public sealed record VolumeStep(SourceLocation Location, IReadOnlyList<string> Paths) : BuildStep(Location);

/// <summary>ENTRYPOINT; the shell form is already wrapped in the stage's SHELL (<c>["/bin/sh","-c","…"]</c>) as Docker stores it.</summary>
public sealed record EntrypointStep(SourceLocation Location, IReadOnlyList<string> Command) : BuildStep(Location);

/// <summary>CMD; shell form wrapped as for ENTRYPOINT.</summary>
public sealed record CmdStep(SourceLocation Location, IReadOnlyList<string> Command) : BuildStep(Location);

public sealed record ShellStep(SourceLocation Location, IReadOnlyList<string> Shell) : BuildStep(Location);

public sealed record StopSignalStep(SourceLocation Location, string Signal) : BuildStep(Location);

/// <summary>HEALTHCHECK; <see cref="Test"/> in Docker's form (<c>["CMD", …]</c>, <c>["CMD-SHELL", "…"]</c>, <c>["NONE"]</c>).</summary>
public sealed record HealthcheckStep(SourceLocation Location, IReadOnlyList<string> Test) : BuildStep(Location)
{
    public TimeSpan? Interval { get; init; }
    public TimeSpan? Timeout { get; init; }
    public TimeSpan? StartPeriod { get; init; }
    public TimeSpan? StartInterval { get; init; }
    public int? Retries { get; init; }
}

/// <summary>ONBUILD: the trigger as written, stored in the image config for images built FROM this one.</summary>
public sealed record OnbuildStep(SourceLocation Location, string Instruction) : BuildStep(Location);
