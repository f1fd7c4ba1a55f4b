using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>A scalar as written: the text, and whether it was plain (unquoted), since only a plain <c>~</c> or empty value is null.</summary>
internal sealed record SpecScalar(SourceLocation Location, string Value, bool IsPlain) : SpecNode(Location)
{
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe => IsNull ? "nothing" : $"'{Value}'";
}
