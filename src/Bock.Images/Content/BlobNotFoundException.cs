namespace Bock.Images.Content;

public sealed class BlobNotFoundException(string digest, Exception? inner = null)
    : FileNotFoundException($"blob {digest} is not in the content store", inner)
{
    public string Digest { get; } = digest;
}
