namespace Bock.Images.Oci;

/// <summary>An image, manifest, layer or archive that is malformed or not supported.</summary>
public class ImageFormatException(string message, Exception? inner = null) : Exception(message, inner);
