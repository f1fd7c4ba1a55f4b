using Bock.Images.Content;
using Bock.Images.Oci;

namespace Bock.Images.Store;

/// <summary>A stored image: its manifest, its configuration and the digests they have.</summary>
public sealed record Image(string ManifestDigest, string ManifestMediaType, ImageManifest Manifest, string ConfigDigest, ImageConfig Config, string? RepoDigest)
{
    /// <summary>The chain ids of the image's layer stack, bottom first.</summary>
    public IReadOnlyList<string> ChainIds
    {
        get
        {
            var ids = new List<string>();
            for (int i = 1; i <= Config.RootFs.DiffIds.Count; i++)
                ids.Add(Digest.ChainId(Config.RootFs.DiffIds.Take(i)));
            return ids;
        }
    }
}
