namespace Bock.Images.Content;

/// <summary>Content whose sha256 or size is not what its descriptor promised: it is never stored.</summary>
public sealed class DigestMismatchException(string what, string expected, string actual)
    : Exception($"{what}: digest mismatch: expected {expected}, got {actual}")
{
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}
