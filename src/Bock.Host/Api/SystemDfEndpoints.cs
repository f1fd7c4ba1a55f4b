using Bock.Host.Containers;
using Bock.Host.Images;
using Bock.Host.Volumes;

namespace Bock.Host.Api;

/// <summary>GET /system/df: images, containers and volumes with what they take.</summary>
internal static class SystemDfEndpoints
{
    public static void MapSystemDfEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/system/df", async (ImageService images, VolumeStore volumes, ContainerService containers, CancellationToken ct) =>
        {
            var all = await containers.ListAsync(ct);
            var usage = all.Where(c => c.ImageId is not null).GroupBy(c => c.ImageId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var stored = images.List();
            var now = DateTimeOffset.UtcNow;
            return TypedResults.Json(new SystemDfResponse
            {
                LayersSize = stored.SelectMany(i => i.Image.Manifest.Layers).DistinctBy(l => l.Digest).Sum(l => l.Size),
                Images = [.. stored.Select(i => ImageService.Summary(i, usage.GetValueOrDefault(i.Id)))],
                Containers = [.. all.Select(c => ContainerEndpoints.Summary(c, now) with { SizeRw = images.Store.Snapshots.UpperSize(c.Id) })],
                Volumes = [.. volumes.List().Select(v => VolumeEndpoints.ToDto(v, new VolumeUsageDto
                {
                    Size = volumes.SizeOf(v.Name),
                    RefCount = all.Count(c => c.Volumes.Contains(v.Name)),
                }))],
            }, BockApiJsonContext.Default.SystemDfResponse);
        });
}
