using Bock.Images.Oci;

namespace Bock.Images.Registry;

public sealed record PullOptions
{
    /// <summary>Which image of a multi-platform index to take; the host's (linux/amd64 here) by default.</summary>
    public Platform? Platform { get; init; }

    public IProgress<LayerProgress>? Progress { get; init; }

    /// <summary>Notes for the user (a skipped non-distributable layer).</summary>
    public Action<string>? Note { get; init; }
}
