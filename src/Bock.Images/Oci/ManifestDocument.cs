using System.Text.Json;

namespace Bock.Images.Oci;

/// <summary>A manifest or index as fetched: its bytes (what the digest covers), media type and parsed form.</summary>
public sealed record ManifestDocument(byte[] Bytes, string MediaType, string Digest, ImageManifest? Manifest, ImageIndex? Index)
{
    public static string Serialize(ImageManifest manifest) => JsonSerializer.Serialize(manifest, ImagesJsonContext.Default.ImageManifest);

    /// <summary>Parses <paramref name="bytes"/>; <paramref name="mediaType"/> may be null or generic, then the document decides.</summary>
    public static ManifestDocument Parse(byte[] bytes, string? mediaType, string what)
    {
        ManifestProbe probe;
        try
        {
            probe = JsonSerializer.Deserialize(bytes, ImagesJsonContext.Default.ManifestProbe) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ImageFormatException($"{what}: manifest is not valid JSON: {e.Message}", e);
        }
        if (probe.SchemaVersion == 1 || MediaTypes.IsSchema1(mediaType) || MediaTypes.IsSchema1(probe.MediaType))
            throw new ImageFormatException($"{what}: Docker schema1 manifest ({mediaType ?? probe.MediaType ?? "schemaVersion 1"}): schema1 is deprecated "
                + "and not supported; push the image again with a current client to get a schema2 or OCI manifest");
        string type = probe.MediaType
            ?? (MediaTypes.IsIndex(mediaType) || MediaTypes.IsManifest(mediaType) ? mediaType!
            : probe.Manifests is not null ? MediaTypes.OciIndex
            : probe.Config is not null ? MediaTypes.OciManifest
            : throw new ImageFormatException($"{what}: unsupported manifest (schemaVersion {probe.SchemaVersion}, media type {mediaType ?? "none"})"));
        string digest = Content.Digest.Compute(bytes);
        if (MediaTypes.IsIndex(type))
        {
            ImageIndex index = JsonSerializer.Deserialize(bytes, ImagesJsonContext.Default.ImageIndex)!;
            return new ManifestDocument(bytes, type, digest, null, index);
        }
        if (MediaTypes.IsManifest(type))
        {
            ImageManifest manifest = JsonSerializer.Deserialize(bytes, ImagesJsonContext.Default.ImageManifest)!;
            return new ManifestDocument(bytes, type, digest, manifest, null);
        }
        throw new ImageFormatException($"{what}: unsupported manifest media type '{type}'");
    }

    public static ImageConfig ParseConfig(byte[] bytes, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, ImagesJsonContext.Default.ImageConfig) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ImageFormatException($"{what}: image config is not valid JSON: {e.Message}", e);
        }
    }
}
