using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// A YAML node with the place it was written: YamlDotNet's own models drop marks once a document is deserialized,
/// and every Bockfile error must point at file:line:column.
/// </summary>
internal abstract record SpecNode(SourceLocation Location)
{
    /// <summary>How the node is named in an error ("a list", …).</summary>
    public abstract string Describe { get; }

    public BuildSpecException Error(string reason) => new(Location, reason);
}
