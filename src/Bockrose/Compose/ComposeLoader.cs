using System.Collections.Immutable;
using Bockrose.Compose.Normalization;
using Bockrose.Compose.Validation;
using Bockrose.Compose.Variables;

namespace Bockrose.Compose;

/// <summary>
/// Loads a compose project, the way <c>docker compose</c> does, into Bock's model. The order matters and is
/// compose's: find the files; build the variables (env files under the process environment); per file parse,
/// interpolate, validate against the compose-spec schema, make paths absolute, resolve <c>extends</c> and
/// <c>include</c>; merge the files; pick the project name; apply profiles; check references and cycles;
/// normalise. Every failure is a <see cref="ComposeException"/> raised before anything is created.
/// </summary>
public static class ComposeLoader
{
    public static LoadedProject Load(LoadOptions options)
    {
        var warnings = new List<string>();
        var workingDirectory = Path.GetFullPath(options.WorkingDirectory);
        var files = Files(options, workingDirectory);
        var projectDirectory = options.ProjectDirectory is { } dir ? Path.GetFullPath(dir, workingDirectory) : Path.GetDirectoryName(files[0])!;
        var environment = ProjectEnvironment.Build(options.Environment, projectDirectory, options.EnvFiles, workingDirectory);

        var parser = new ComposeFileParser(workingDirectory, warnings);
        var model = new ModelAssembler(parser, workingDirectory).Assemble(files, projectDirectory, environment, []);

        var name = ProjectName(options, environment, model, projectDirectory);
        var profiles = options.Profiles.Count > 0
            ? options.Profiles
            : (environment.Get("COMPOSE_PROFILES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (enabled, disabled, disabledProfiles) = ProfileFilter.Apply(model, profiles.ToHashSet(StringComparer.Ordinal));
        var checkedModel = SemanticChecks.Check(enabled, disabledProfiles, warnings);
        var project = ProjectNormalizer.Normalize(checkedModel, name, projectDirectory, disabled, environment.Get, warnings);
        return new LoadedProject(project, warnings, files) { Variables = environment.Variables };
    }

    private static IReadOnlyList<string> Files(LoadOptions options, string workingDirectory)
    {
        if (options.Files.Contains("-"))
            throw new ComposeException(null, "reading a compose file from standard input (-f -) is not supported by bockrose");
        if (options.Files.Count > 0) return [.. options.Files.Select(f => Path.GetFullPath(f, workingDirectory))];
        // Before any file is known, COMPOSE_FILE may come from the environment or the working directory's .env.
        var early = ProjectEnvironment.Build(options.Environment, workingDirectory, options.EnvFiles, workingDirectory);
        if (early.Get("COMPOSE_FILE") is { Length: > 0 } fromEnv)
        {
            var separator = early.Get("COMPOSE_PATH_SEPARATOR") is { Length: 1 } s ? s[0] : ':';
            return [.. fromEnv.Split(separator, StringSplitOptions.RemoveEmptyEntries).Select(f => Path.GetFullPath(f, workingDirectory))];
        }
        var found = ComposeFileLocator.Find(workingDirectory);
        return found.Count > 0
            ? found
            : throw new ComposeException(null, $"no configuration file provided: none of {string.Join(", ", ComposeFileLocator.SearchOrder)} in {workingDirectory} or its parents");
    }

    private static string ProjectName(LoadOptions options, ProjectEnvironment environment, Yaml.MappingNode model, string projectDirectory)
    {
        var (explicitName, source) = options.ProjectName is { } p ? (p, "-p") :
            environment.Get("COMPOSE_PROJECT_NAME") is { Length: > 0 } e ? (e, "COMPOSE_PROJECT_NAME") :
            (model["name"] as Yaml.ScalarNode)?.Text is { Length: > 0 } n ? (n, "the top-level name") :
            ((string?)null, "");
        if (explicitName is not null)
        {
            return ProjectNames.IsValid(explicitName)
                ? explicitName
                : throw new ComposeException((source == "the top-level name" ? model["name"]?.Location : null),
                    $"invalid project name \"{explicitName}\" from {source}: it must contain only lowercase letters, digits, dashes and underscores, and start with a letter or digit");
        }
        var fromDirectory = ProjectNames.Normalize(Path.GetFileName(projectDirectory.TrimEnd('/')));
        return fromDirectory.Length > 0
            ? fromDirectory
            : throw new ComposeException(null, $"the project directory {projectDirectory} gives an empty project name: set one with -p or name:");
    }
}
