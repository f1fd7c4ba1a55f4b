namespace Bock.Builder.Bockfile;

/// <summary>What values a build arg takes; checked for defaults and for <c>--build-arg</c> alike.</summary>
public enum ArgType
{
    String,
    Int,
    Bool,
    Enum,
}
