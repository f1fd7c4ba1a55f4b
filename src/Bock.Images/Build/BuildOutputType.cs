namespace Bock.Images.Build;

/// <summary>Where <c>build --output</c> puts the result besides (or instead of) the image store.</summary>
public enum BuildOutputType
{
    /// <summary><c>type=oci</c>: an oci-archive tar (an OCI image layout in a tar).</summary>
    Oci,

    /// <summary><c>type=docker</c>: a <c>docker save</c> tar, loadable by <c>docker load</c> and <c>bock load</c>.</summary>
    Docker,

    /// <summary><c>type=local</c>: the image's merged file system written into a directory.</summary>
    Local,
}
