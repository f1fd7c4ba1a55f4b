namespace Bock.Kernel.Spec;

/// <summary>The runtime-spec version we write. 1.0.2 is what runc 1.1 writes and what crun 1.8 still accepts;
/// we read every 1.x document.</summary>
public static class SpecVersion
{
    public const string Current = "1.0.2";
}
