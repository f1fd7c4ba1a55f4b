namespace Bockrose.Compose;

/// <summary>Where a value was written: the file as the user named it, 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
