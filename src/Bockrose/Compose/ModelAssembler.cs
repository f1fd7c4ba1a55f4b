using Bockrose.Compose.Merge;
using Bockrose.Compose.Variables;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose;

/// <summary>
/// Assembles one model from a project's files: each file parsed, its <c>extends</c> and <c>include</c> resolved,
/// then the files merged in order. An included project is assembled the same way with its own directory and env
/// file (whose variables only add to the including project's); its resources join the model, and one that
/// the including file also defines is an error (compose refuses the same conflict).
/// </summary>
internal sealed class ModelAssembler(ComposeFileParser parser, string workingDirectory)
{
    private static readonly string[] ResourceKinds = ["services", "networks", "volumes", "secrets", "configs"];

    public MappingNode Assemble(IReadOnlyList<string> files, string projectDirectory, ProjectEnvironment environment, IReadOnlyList<string> includeChain)
    {
        MappingNode? model = null;
        foreach (var file in files)
        {
            var node = LoadFile(file, projectDirectory, environment, includeChain);
            model = model is null ? node : NodeMerger.MergeFiles(model, node);
        }
        return model ?? MappingNode.Empty(new SourceLocation("(none)", 1, 1));
    }

    private MappingNode LoadFile(string file, string baseDirectory, ProjectEnvironment environment, IReadOnlyList<string> includeChain)
    {
        var node = parser.Parse(file, baseDirectory, environment.Get);
        node = new ExtendsResolver(other => LoadForExtends(other, environment), parser.Display).Resolve(node, file);
        return Include(node, file, environment, includeChain);
    }

    /// <summary>A file named by <c>extends.file</c>: paths in it are relative to its own directory.</summary>
    private MappingNode LoadForExtends(string file, ProjectEnvironment environment)
    {
        var node = parser.Parse(file, Path.GetDirectoryName(file)!, environment.Get);
        return new ExtendsResolver(other => LoadForExtends(other, environment), parser.Display).Resolve(node, file);
    }

    private MappingNode Include(MappingNode node, string file, ProjectEnvironment environment, IReadOnlyList<string> includeChain)
    {
        if (node.Find("include") is not { } include) return node;
        node = node.Without("include");
        var baseDirectory = Path.GetDirectoryName(file)!;
        foreach (var item in (include.Value as SequenceNode)?.Items ?? [])
        {
            var (paths, projectDirectory, envFiles) = IncludeEntry(item, baseDirectory);
            var chainKey = string.Join(",", paths);
            if (includeChain.Contains(chainKey))
                throw new ComposeException(item.Location, $"include: circular include of {string.Join(", ", paths.Select(parser.Display))}");
            // The including project's variables win; the included env file only adds the ones it lacks (compose's rule).
            var includedEnvironment = ProjectEnvironment.Build(environment.Variables, projectDirectory, envFiles, workingDirectory);
            var included = Assemble(paths, projectDirectory, includedEnvironment, [.. includeChain, chainKey]);
            node = AddResources(node, included, item.Location);
        }
        return node;
    }

    private static (IReadOnlyList<string> Paths, string ProjectDirectory, IReadOnlyList<string> EnvFiles) IncludeEntry(ComposeNode item, string baseDirectory)
    {
        string Abs(string p) => Path.GetFullPath(p, baseDirectory);
        switch (item)
        {
            case ScalarNode s:
                return ([Abs(s.Value)], Path.GetDirectoryName(Abs(s.Value))!, []);
            case MappingNode m:
                var paths = Strings(m["path"]).Select(Abs).ToList();
                if (paths.Count == 0) throw new ComposeException(m.Location, "include: an entry needs a path");
                var projectDirectory = (m["project_directory"] as ScalarNode)?.Value is { } dir ? Abs(dir) : Path.GetDirectoryName(paths[0])!;
                return (paths, projectDirectory, [.. Strings(m["env_file"]).Select(Abs)]);
            default:
                throw new ComposeException(item.Location, "include: an entry is a path or a mapping");
        }
    }

    private static IEnumerable<string> Strings(ComposeNode? node) => node switch
    {
        ScalarNode s => [s.Value],
        SequenceNode q => q.Items.OfType<ScalarNode>().Select(s => s.Value),
        _ => [],
    };

    private static MappingNode AddResources(MappingNode node, MappingNode included, SourceLocation where)
    {
        foreach (var kind in ResourceKinds)
        {
            if (included[kind] is not MappingNode theirs) continue;
            var ours = node[kind] as MappingNode ?? MappingNode.Empty(where);
            foreach (var e in theirs.Entries)
            {
                if (ours.Find(e.Key.Value) is { } existing)
                    throw new ComposeException(existing.Key.Location,
                        $"{kind}.{e.Key.Value} conflicts with the one imported by include at {where}");
                ours = ours.With(e.Key.Value, e.Value, e.Key.Location);
            }
            node = node.With(kind, ours, where);
        }
        return node;
    }
}
