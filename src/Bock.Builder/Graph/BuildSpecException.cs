namespace Bock.Builder.Graph;

/// <summary>A build spec that cannot be built as written: the message starts with <c>file:line:column</c>.</summary>
public sealed class BuildSpecException(SourceLocation location, string reason) : Exception($"{location}: {reason}")
{
    public SourceLocation Location { get; } = location;
    public string Reason { get; } = reason;
}
