namespace Bock.Images.Reference;

/// <summary>An image reference that Docker would refuse too; the message says which and why.</summary>
public sealed class InvalidReferenceException(string reference, string reason)
    : FormatException($"invalid reference format '{reference}': {reason}")
{
    public string Reference { get; } = reference;
    public string Reason { get; } = reason;
}
