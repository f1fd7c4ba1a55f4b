namespace Bock.Builder.Graph;

/// <summary>Where in a build spec something was written: 1-based line and column, as editors count them.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
