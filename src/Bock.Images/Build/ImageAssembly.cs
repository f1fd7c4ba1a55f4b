using Bock.Images.Oci;
using Bock.Images.Store;

namespace Bock.Images.Build;

/// <summary>What a build's final stage becomes: its base, the layers its steps made, its configuration and history.</summary>
public sealed record ImageAssembly
{
    /// <summary>The image the stage starts <c>FROM</c>; null for <c>scratch</c>. Its layers and history come first.</summary>
    public Image? Base { get; init; }

    /// <summary>The layers the steps made, bottom first (<see cref="Layers.Writing.LayerDiffWriter"/>).</summary>
    public IReadOnlyList<LayerWriteResult> Layers { get; init; } = [];

    /// <summary>The new image's configuration (platform, container config); its rootfs, history and created are set here.</summary>
    public required ImageConfig Config { get; init; }

    /// <summary>One entry per step, appended to the base's; steps without a layer have <c>empty_layer</c>.</summary>
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>SOURCE_DATE_EPOCH: <c>created</c> of the image and of the new history entries; otherwise now.</summary>
    public long? SourceDateEpoch { get; init; }
}
