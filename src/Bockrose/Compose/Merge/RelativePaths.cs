using Bockrose.Compose.Normalization;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Merge;

/// <summary>
/// Makes the host paths of one file absolute before it meets any other file, because the base directory depends
/// on where the file came from: the project directory for <c>-f</c> files, the other file's directory for
/// <c>extends.file</c>, the included project's directory for <c>include</c>. Covers build contexts, env files,
/// bind-mount sources (short and long syntax), <c>extends.file</c>, and secret/config files; <c>~</c> is the
/// user's home.
/// </summary>
internal static class RelativePaths
{
    public static MappingNode Resolve(MappingNode file, string baseDirectory, string? home)
    {
        string Abs(string path)
        {
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
                return home is null ? path : Path.GetFullPath(Path.Combine(home, path.TrimStart('~').TrimStart('/')));
            return Path.GetFullPath(path, baseDirectory).TrimEnd('/') is { Length: > 0 } p ? p : "/";
        }
        ScalarNode AbsNode(ScalarNode s) => s with { Value = Abs(s.Value), Plain = false };

        if (file["services"] is MappingNode services)
        {
            var rewritten = services.Entries.Select(e => e.Value is MappingNode service ? e with { Value = Service(service) } : e);
            file = file.With("services", services with { Entries = [.. rewritten] });
        }
        foreach (var kind in new[] { "secrets", "configs" })
        {
            if (file[kind] is not MappingNode objects) continue;
            var rewritten = objects.Entries.Select(e => e.Value is MappingNode o && o["file"] is ScalarNode f
                ? e with { Value = o.With("file", AbsNode(f)) }
                : e);
            file = file.With(kind, objects with { Entries = [.. rewritten] });
        }
        return file;

        MappingNode Service(MappingNode service)
        {
            switch (service["build"])
            {
                case ScalarNode context when IsLocal(context.Value):
                    service = service.With("build", AbsNode(context));
                    break;
                case MappingNode build:
                    // No context is left unset: an override file may only add build args to another file's build.
                    if (build["context"] is ScalarNode ctx && IsLocal(ctx.Value))
                        service = service.With("build", build.With("context", AbsNode(ctx)));
                    break;
            }
            switch (service["env_file"])
            {
                case ScalarNode one:
                    service = service.With("env_file", AbsNode(one));
                    break;
                case SequenceNode many:
                    service = service.With("env_file", many with
                    {
                        Items = [.. many.Items.Select(i => i switch
                        {
                            ScalarNode s => AbsNode(s),
                            MappingNode m when m["path"] is ScalarNode p => m.With("path", AbsNode(p)),
                            _ => i,
                        })],
                    });
                    break;
            }
            if (service["volumes"] is SequenceNode volumes)
                service = service.With("volumes", volumes with { Items = [.. volumes.Items.Select(Volume)] });
            if (service["extends"] is MappingNode extends && extends["file"] is ScalarNode extendsFile)
                service = service.With("extends", extends.With("file", AbsNode(extendsFile)));
            return service;
        }

        ComposeNode Volume(ComposeNode volume)
        {
            switch (volume)
            {
                case ScalarNode s:
                    try
                    {
                        var (source, target, mode) = VolumeSyntax.Split(s.Value);
                        return source is not null && VolumeSyntax.IsPath(source) && target.StartsWith('/')
                            ? s with { Value = VolumeSyntax.Join(Abs(source), target, mode) }
                            : s;
                    }
                    catch (FormatException)
                    {
                        return s; // reported with its location by normalisation
                    }
                case MappingNode m when (m["type"] as ScalarNode)?.Value == "bind" && m["source"] is ScalarNode src:
                    return m.With("source", AbsNode(src));
                default:
                    return volume;
            }
        }
    }

    /// <summary>A build context that is a directory, not a Git or HTTP URL.</summary>
    private static bool IsLocal(string context) =>
        !context.Contains("://", StringComparison.Ordinal) && !context.StartsWith("git@", StringComparison.Ordinal) &&
        !context.StartsWith("github.com/", StringComparison.Ordinal);
}
