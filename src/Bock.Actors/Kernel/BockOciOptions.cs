namespace Bock.Actors.Kernel;

/// <summary>Where <see cref="BockOciRuntime"/> finds bock-oci, keeps its state (<c>--root</c>) and writes container output.</summary>
public sealed record BockOciOptions(string BinaryPath, string Root, string LogDirectory)
{
    /// <summary>How long one bock-oci command may take before it counts as hung and is killed.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
