namespace Bock.Images.Oci;

/// <summary>OCI image-spec and Docker schema2 media types, and what each one is.</summary>
public static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciLayerNonDistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciLayerNonDistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciLayerNonDistributableZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    public const string DockerSchema1Manifest = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1SignedManifest = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerLayerForeignGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>The Accept header for a manifest request: every manifest kind we read.</summary>
    public static readonly string[] ManifestAccept = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    /// <summary>Docker's schema1, deprecated since 2017 (Docker 20.10 stopped pushing it, registries convert or refuse it).</summary>
    public static bool IsSchema1(string? mediaType) => mediaType is DockerSchema1Manifest or DockerSchema1SignedManifest;

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>Layers that registries may not redistribute (Windows base layers): we skip them with a note.</summary>
    public static bool IsNonDistributable(string? mediaType) => mediaType is OciLayerNonDistributable
        or OciLayerNonDistributableGzip or OciLayerNonDistributableZstd or DockerLayerForeignGzip;

    public static bool IsLayer(string? mediaType) => mediaType is OciLayer or OciLayerGzip or OciLayerZstd
        or DockerLayerGzip || IsNonDistributable(mediaType) || (mediaType?.StartsWith("application/vnd.oci.image.layer.", StringComparison.Ordinal) ?? false);
}
