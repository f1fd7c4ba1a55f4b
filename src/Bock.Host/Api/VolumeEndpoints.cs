using System.Text.Json;
using Bock.Host.Containers;
using Bock.Host.Volumes;

namespace Bock.Host.Api;

/// <summary>/volumes: Docker's local volumes (create, list, inspect, remove, prune).</summary>
internal static class VolumeEndpoints
{
    public static void MapVolumeEndpoints(this IEndpointRouteBuilder app)
    {
        var volumes = app.MapGroup("/volumes");

        volumes.MapPost("/create", async (HttpRequest request, VolumeStore store, CancellationToken ct) =>
        {
            VolumeCreateRequest? body;
            try
            {
                body = request.ContentLength is 0 ? new VolumeCreateRequest() : await JsonSerializer.DeserializeAsync(request.Body, BockApiJsonContext.Default.VolumeCreateRequest, ct);
            }
            catch (JsonException e)
            {
                return ApiResults.BadRequest($"invalid JSON: {e.Message}");
            }
            body ??= new VolumeCreateRequest();
            if (body.Driver is { Length: > 0 } driver && driver != "local")
                return ApiResults.Error(StatusCodes.Status404NotFound, $"error looking up volume plugin {driver}: plugin \"{driver}\" not found");
            if (body.DriverOpts is { Count: > 0 })
                return ApiResults.BadRequest("volume driver options are not supported");
            try
            {
                var (volume, _) = store.Create(body.Name, body.Labels, anonymous: false);
                return TypedResults.Json(ToDto(volume), BockApiJsonContext.Default.VolumeDto, statusCode: StatusCodes.Status201Created);
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
        });

        volumes.MapGet("", async (string? filters, VolumeStore store, ContainerService containers, CancellationToken ct) =>
        {
            IReadOnlyDictionary<string, IReadOnlyList<string>> parsed;
            try
            {
                parsed = DockerFilters.Parse(filters);
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            var used = await UsedAsync(containers, ct);
            var list = store.List().Where(v => Matches(v, parsed, used)).Select(v => ToDto(v)).ToList();
            return TypedResults.Json(new VolumeListResponse { Volumes = list }, BockApiJsonContext.Default.VolumeListResponse);
        });

        volumes.MapGet("/{name}", (string name, VolumeStore store) => store.Get(name) is { } volume
            ? TypedResults.Json(ToDto(volume), BockApiJsonContext.Default.VolumeDto)
            : NoSuchVolume(name));

        volumes.MapDelete("/{name}", async (string name, VolumeStore store, ContainerService containers, CancellationToken ct) =>
        {
            if (store.Get(name) is null) return NoSuchVolume(name);
            var users = (await containers.ListAsync(ct)).Where(c => c.Volumes.Contains(name)).Select(c => c.Id).ToList();
            if (users.Count > 0)
                return ApiResults.Conflict($"remove {name}: volume is in use - [{string.Join(", ", users)}]");
            store.Remove(name);
            return TypedResults.NoContent();
        });

        volumes.MapPost("/prune", async (string? filters, VolumeStore store, ContainerService containers, CancellationToken ct) =>
        {
            IReadOnlyDictionary<string, IReadOnlyList<string>> parsed;
            try
            {
                parsed = DockerFilters.Parse(filters);
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            // Docker 23+: prune takes the anonymous volumes only, unless all=true.
            var all = parsed.GetValueOrDefault("all") is [var a] && DockerFilters.IsTrue(a);
            var used = await UsedAsync(containers, ct);
            var deleted = new List<string>();
            long reclaimed = 0;
            foreach (var volume in store.List().Where(v => !used.Contains(v.Name) && (all || v.Anonymous) && Matches(v, parsed, used)))
            {
                reclaimed += store.SizeOf(volume.Name);
                store.Remove(volume.Name);
                deleted.Add(volume.Name);
            }
            return TypedResults.Json(new VolumePruneResponse { VolumesDeleted = deleted, SpaceReclaimed = reclaimed }, BockApiJsonContext.Default.VolumePruneResponse);
        });
    }

    public static async Task<HashSet<string>> UsedAsync(ContainerService containers, CancellationToken ct) =>
        (await containers.ListAsync(ct)).SelectMany(c => c.Volumes).ToHashSet(StringComparer.Ordinal);

    public static VolumeDto ToDto(VolumeRecord volume, VolumeUsageDto? usage = null) => new()
    {
        Name = volume.Name,
        Mountpoint = volume.Mountpoint,
        CreatedAt = volume.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
        Labels = volume.Labels,
        UsageData = usage,
    };

    private static IResult NoSuchVolume(string name) => ApiResults.Error(StatusCodes.Status404NotFound, $"get {name}: no such volume");

    private static bool Matches(VolumeRecord volume, IReadOnlyDictionary<string, IReadOnlyList<string>> filters, IReadOnlySet<string> used)
    {
        if (filters.GetValueOrDefault("dangling") is [var dangling] && DockerFilters.IsTrue(dangling) == used.Contains(volume.Name)) return false;
        if (filters.GetValueOrDefault("name") is { Count: > 0 } names && !names.Any(n => volume.Name.Contains(n, StringComparison.Ordinal))) return false;
        if (filters.GetValueOrDefault("label") is { Count: > 0 } labels)
        {
            foreach (var label in labels)
            {
                var (key, value) = label.IndexOf('=') is var eq and > 0 ? (label[..eq], label[(eq + 1)..]) : (label, null);
                if (!volume.Labels.TryGetValue(key, out var actual) || value is not null && actual != value) return false;
            }
        }
        return true;
    }
}
