namespace Bock.Images.Layers;

/// <summary>A layer entry that would write outside its snapshot; the layer is rejected and the entry named.</summary>
public sealed class UnsafeLayerEntryException(string layer, string entry, string reason)
    : Oci.ImageFormatException($"{layer}: unsafe entry '{entry}': {reason}")
{
    public string Entry { get; } = entry;
    public string Reason { get; } = reason;
}
