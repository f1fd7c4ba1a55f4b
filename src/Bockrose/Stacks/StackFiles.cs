using System.Collections.Immutable;
using System.Globalization;
using Bockrose.Compose.Model;

namespace Bockrose.Stacks;

/// <summary>
/// Secrets and configs as docker compose runs them without swarm: every one is a file bind-mounted read-only. A
/// <c>file:</c> is mounted as it is (its <c>uid</c>/<c>gid</c>/<c>mode</c> are not applied, as in compose); an
/// <c>environment:</c> or <c>content:</c> one becomes a file bockd writes per service reference, with that
/// reference's owner and mode (0444 by default), so its value never reaches a label or the container's Env.
/// <see cref="Plan"/> turns a project into one whose every referenced secret and config is a file, and lists the
/// files to write; <c>external</c> is refused (it names a swarm object, which a daemon without swarm does not have).
/// </summary>
public static class StackFiles
{
    public const int DefaultMode = 0x124; // 0444

    public sealed record Planned(Project Project, IReadOnlyList<StackFile> Files);

    /// <param name="variables">The project's variables (the environment and .env files) that <c>environment:</c> names.</param>
    /// <param name="directory">The stack's files directory in bockd.</param>
    public static Planned Plan(Project project, IReadOnlyDictionary<string, string> variables, string directory)
    {
        var files = new List<StackFile>();
        var secrets = project.Secrets.ToBuilder();
        var configs = project.Configs.ToBuilder();
        var services = project.Services.ToBuilder();
        foreach (var service in project.Services.Values)
        {
            var serviceSecrets = References(service, "secret", service.Secrets, project.Secrets, secrets, variables, directory, files);
            var serviceConfigs = References(service, "config", service.Configs, project.Configs, configs, variables, directory, files);
            services[service.Name] = service with { Secrets = serviceSecrets, Configs = serviceConfigs };
        }
        return new Planned(project with { Services = services.ToImmutable(), Secrets = secrets.ToImmutable(), Configs = configs.ToImmutable() }, files);
    }

    /// <summary>Where a reference appears in the container: secrets under /run/secrets, configs under /, an absolute target as it is.</summary>
    public static string Target(string kind, ServiceFileReference reference)
    {
        var target = reference.Target ?? reference.Source;
        return target.StartsWith('/') ? target : (kind == "secret" ? "/run/secrets/" : "/") + target;
    }

    private static ImmutableArray<ServiceFileReference> References(Service service, string kind, ImmutableArray<ServiceFileReference> references,
        ImmutableSortedDictionary<string, FileObjectDefinition> definitions, ImmutableSortedDictionary<string, FileObjectDefinition>.Builder planned,
        IReadOnlyDictionary<string, string> variables, string directory, List<StackFile> files)
    {
        var result = ImmutableArray.CreateBuilder<ServiceFileReference>(references.Length);
        for (var i = 0; i < references.Length; i++)
        {
            var reference = references[i];
            var what = $"service \"{service.Name}\": {kind} \"{reference.Source}\"";
            if (!definitions.TryGetValue(reference.Source, out var definition))
                throw new StackRuntimeException($"{what} is not defined");
            if (definition.External)
                throw new StackRuntimeException($"{what} is external: external {kind}s are swarm objects, and bock has no swarm (use file, environment or content)");
            if (definition.File is { } file)
            {
                if (!File.Exists(file) && !Directory.Exists(file)) throw new StackRuntimeException($"{what}: {file} does not exist");
                result.Add(reference);
                continue;
            }
            var content = definition.Content ?? (variables.TryGetValue(definition.Environment!, out var value)
                ? value
                : throw new StackRuntimeException($"{what}: environment variable {definition.Environment} is not set"));
            var path = Path.Combine(directory, $"{Uri.EscapeDataString(service.Name)}.{kind}.{i}.{Uri.EscapeDataString(reference.Source)}");
            files.Add(new StackFile(path, content, Id(reference.Uid, what, "uid"), Id(reference.Gid, what, "gid"), reference.Mode ?? DefaultMode));
            // The reference now names a file definition of its own: the mapper mounts every secret and config alike.
            var key = $"{reference.Source}#{service.Name}.{i}";
            planned[key] = definition with { File = path, Environment = null, Content = null };
            result.Add(reference with { Source = key, Target = reference.Target ?? reference.Source, Uid = null, Gid = null, Mode = null });
        }
        return result.MoveToImmutable();
    }

    private static int Id(string? text, string what, string field) =>
        text is null ? 0
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw new StackRuntimeException($"{what}: {field} \"{text}\" is not a number");
}
