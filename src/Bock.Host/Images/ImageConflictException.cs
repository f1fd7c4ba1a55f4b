namespace Bock.Host.Images;

/// <summary>An image operation that Docker answers with 409: the message says what holds the image and whether force helps.</summary>
public sealed class ImageConflictException(string message) : Exception(message);
