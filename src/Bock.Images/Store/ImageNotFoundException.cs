namespace Bock.Images.Store;

public sealed class ImageNotFoundException(string name) : Exception($"no such image: {name}")
{
    public string Name { get; } = name;
}
