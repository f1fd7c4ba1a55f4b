namespace Bock.Actors.Kernel;

/// <summary>
/// Where <see cref="ShimContainerRuntime"/> finds bock-oci, where bock-oci keeps its state (<c>--root</c>, bockd's
/// <c>&lt;run-root&gt;/oci</c>) and where the shims keep theirs (<c>&lt;run-root&gt;/shims</c>).
/// </summary>
public sealed record ShimRuntimeOptions(string BinaryPath, string OciRoot, string ShimsDirectory)
{
    /// <summary>How long one bock-oci command (or one shim request) may take before it counts as hung.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public ShimPaths PathsOf(string containerId) => new(ShimsDirectory, containerId);
}
