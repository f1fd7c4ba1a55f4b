using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

internal sealed record SpecSequence(SourceLocation Location, IReadOnlyList<SpecNode> Items) : SpecNode(Location)
{
    public override string Describe => "a list";
}
