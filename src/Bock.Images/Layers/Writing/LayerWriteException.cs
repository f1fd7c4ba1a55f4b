namespace Bock.Images.Layers.Writing;

/// <summary>A directory cannot be written as a layer tar (a name tar would misread, an overlay feature a tar cannot carry).</summary>
public sealed class LayerWriteException(string layerDir, string path, string reason)
    : Exception($"layer {layerDir}: '{path}': {reason}")
{
    public string LayerDir { get; } = layerDir;
    public string EntryPath { get; } = path;
}
