using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Images.Archives;

public sealed record LoadedImage(Image Image, IReadOnlyList<ImageReference> Names);
