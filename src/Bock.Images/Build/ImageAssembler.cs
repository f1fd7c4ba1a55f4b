using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Images.Build;

/// <summary>
/// Writes a built image into the store: config and OCI manifest, deterministic for the same inputs. Properties are
/// written in declaration order and maps sorted by key, and with a source date epoch the only times in the documents
/// (the image's and the new history entries' <c>created</c>) are that epoch, so two builds of the same tree give the
/// same manifest digest whatever the day.
/// </summary>
public static class ImageAssembler
{
    public static Image Commit(ImageStore store, ImageAssembly assembly, IEnumerable<ImageReference> names)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        int layerSteps = assembly.History.Count(h => !h.EmptyLayer);
        if (assembly.History.Count > 0 && layerSteps != assembly.Layers.Count)
            throw new ArgumentException($"{assembly.Layers.Count} new layers but {layerSteps} history entries with a layer", nameof(assembly));
        DateTimeOffset created = assembly.SourceDateEpoch is long epoch
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : DateTimeOffset.UtcNow;
        var layers = new List<LayerWriteResult>();
        var history = new List<HistoryEntry>();
        if (assembly.Base is { } image)
        {
            IReadOnlyList<string> diffIds = image.Config.RootFs.DiffIds;
            if (diffIds.Count != image.Manifest.Layers.Count)
                throw new ImageFormatException($"base image {image.ManifestDigest}: {image.Manifest.Layers.Count} layers but {diffIds.Count} diff ids");
            layers.AddRange(image.Manifest.Layers.Zip(diffIds, (layer, diffId) => new LayerWriteResult(AsOci(layer), diffId)));
            history.AddRange(image.Config.History ?? []);
        }
        layers.AddRange(assembly.Layers);
        history.AddRange(assembly.SourceDateEpoch is null ? assembly.History : assembly.History.Select(h => h with { Created = created }));
        ImageConfig config = assembly.Config with
        {
            Created = created,
            Config = Canonical(assembly.Config.Config),
            History = history.Count > 0 ? history : null,
        };
        return ImageWriter.Commit(store, layers, config, names);
    }

    /// <summary>
    /// A base layer as an OCI manifest lists it: Docker's layer media types name the same bytes (a gzip tar), so
    /// the descriptor changes and the blob does not, as BuildKit does for OCI media types.
    /// </summary>
    private static Descriptor AsOci(Descriptor layer) => layer.MediaType switch
    {
        MediaTypes.DockerLayerGzip => layer with { MediaType = MediaTypes.OciLayerGzip },
        MediaTypes.DockerLayerForeignGzip => layer with { MediaType = MediaTypes.OciLayerNonDistributableGzip },
        _ => layer,
    };

    /// <summary>The maps of a container config sorted by key: a dictionary serialises in insertion order.</summary>
    private static ContainerConfig? Canonical(ContainerConfig? config) => config is null ? null : config with
    {
        ExposedPorts = Sorted(config.ExposedPorts),
        Volumes = Sorted(config.Volumes),
        Labels = Sorted(config.Labels),
    };

    private static IReadOnlyDictionary<string, T>? Sorted<T>(IReadOnlyDictionary<string, T>? map) =>
        map is null ? null : new SortedDictionary<string, T>(map.ToDictionary(), StringComparer.Ordinal);
}
