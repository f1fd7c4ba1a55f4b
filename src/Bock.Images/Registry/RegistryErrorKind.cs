namespace Bock.Images.Registry;

public enum RegistryErrorKind
{
    Unreachable,
    Timeout,
    Unauthorized,
    Denied,
    ManifestUnknown,
    BlobUnknown,
    DigestMismatch,
    BadResponse,
    Unsupported,
}
