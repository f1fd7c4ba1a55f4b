using Bock.Builder.Execution;
using Bock.Host.Images;
using Bock.Images.Registry;
using Bock.Images.Store;

namespace Bock.Host.Builds;

/// <summary>FROM and COPY --from images for the builder: the daemon's store, pulled with the daemon's registry client when missing.</summary>
internal sealed class DaemonBuildImages(ImageService images) : IBuildImages
{
    public async Task<Image> ResolveAsync(string reference, bool pull, Action<string> log, CancellationToken cancellationToken)
    {
        Image image;
        if (!pull && images.Find(reference) is { } stored) image = stored.Image;
        else
        {
            var name = ImageNames.Parse(reference, null);
            log($"pulling {name.FamiliarName}");
            image = await images.Registry.PullAsync(images.Store, name, new PullOptions { Note = log }, cancellationToken);
        }
        await images.Store.UnpackAsync(image, log, cancellationToken);
        return image;
    }
}
