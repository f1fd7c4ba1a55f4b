namespace Bock.Images.Archives;

public enum ArchiveFormat
{
    /// <summary><c>docker save</c>: manifest.json + repositories (written together with an OCI layout, as Docker 25+ does).</summary>
    DockerArchive,

    /// <summary><c>oci-archive</c>: a tar of an OCI image layout (oci-layout, index.json, blobs/).</summary>
    OciArchive,
}
