using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>A mapping in the order written (stage order and env order are meaningful); keys are unique.</summary>
internal sealed record SpecMapping(SourceLocation Location, IReadOnlyList<SpecEntry> Entries) : SpecNode(Location)
{
    public override string Describe => "a mapping";

    public SpecEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);
}
