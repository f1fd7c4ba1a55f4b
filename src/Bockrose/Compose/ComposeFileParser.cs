using Bockrose.Compose.Merge;
using Bockrose.Compose.Validation;
using Bockrose.Compose.Variables;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose;

/// <summary>
/// One file from text to mergeable nodes: YAML with anchors and merge keys, interpolation, schema validation
/// (on the interpolated file, as compose validates), host paths made absolute against
/// <paramref name="workingDirectory"/>'s base, list forms turned into mappings.
/// </summary>
internal sealed class ComposeFileParser(string workingDirectory, ICollection<string> warnings)
{
    public string Display(string fullPath)
    {
        var relative = Path.GetRelativePath(workingDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? fullPath : relative;
    }

    public MappingNode Parse(string fullPath, string baseDirectory, Func<string, string?> lookup)
    {
        if (!File.Exists(fullPath)) throw new ComposeException(null, $"compose file {Display(fullPath)} not found");
        var node = YamlDocumentReader.Read(File.ReadAllText(fullPath), Display(fullPath));
        node = NodeInterpolator.Apply(node, lookup, warnings);
        SchemaValidator.Validate(node);
        node = RelativePaths.Resolve(node, baseDirectory, lookup("HOME"));
        return ListForms.Canonicalize(node);
    }
}
