using Bock.Images.Store;

namespace Bock.Builder.Execution;

/// <summary>
/// <c>cachefrom</c>: each layer this builder makes has its cache key in its history entry's comment; an image that
/// carries them (built here or elsewhere, pulled when missing) seeds the step cache with key → layer, so a step whose
/// key (its parent chain and instruction) matches reuses the image's layer. Images without keys, or that cannot be
/// had, seed nothing: as in Docker, a cache source is a hint, never a failure.
/// </summary>
internal static class CacheSeeds
{
    private const string Prefix = "bock.build.v1 cache=";

    public static string Comment(string key) => Prefix + key;

    public static async Task SeedAsync(BuildEnvironment environment, Action<string> log, CancellationToken cancellationToken)
    {
        foreach (var reference in environment.Request.CacheFrom)
        {
            Image image;
            try
            {
                image = await environment.Images.ResolveAsync(reference, false, _ => { }, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log($"cache source {reference} not used: {e.Message}");
                continue;
            }
            var diffIds = image.Config.RootFs.DiffIds;
            var blobs = image.Manifest.Layers;
            var layer = 0;
            var seeded = 0;
            foreach (var entry in image.Config.History ?? [])
            {
                if (entry.EmptyLayer) continue;
                if (layer >= diffIds.Count || layer >= blobs.Count) break;
                if (entry.Comment is { } comment && comment.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    environment.Cache.Record(comment[Prefix.Length..], new CacheRecord(diffIds[layer], blobs[layer]));
                    seeded++;
                }
                layer++;
            }
            log($"cache source {reference}: {seeded} layer(s)");
        }
    }
}
