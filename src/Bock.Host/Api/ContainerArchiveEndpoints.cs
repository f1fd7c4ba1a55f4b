using System.Text.Json;
using Bock.Host.Containers;
using Bock.Images.Layers;

namespace Bock.Host.Api;

/// <summary>
/// Files in and out of a container, in Docker's shapes: <c>GET|HEAD /containers/{id}/archive?path=</c> (a tar of the
/// path, its stat in <c>X-Docker-Container-Path-Stat</c>), <c>PUT /containers/{id}/archive?path=</c> (a tar unpacked
/// into that directory), <c>GET /containers/{id}/export</c> (the whole filesystem as a tar).
/// </summary>
internal static class ContainerArchiveEndpoints
{
    private const string StatHeader = "X-Docker-Container-Path-Stat";

    public static void MapContainerArchiveEndpoints(this IEndpointRouteBuilder app)
    {
        var containers = app.MapGroup("/containers");

        containers.MapMethods("/{id}/archive", ["HEAD"], async (string id, string? path, HttpContext context, ContainerService service, CancellationToken ct) =>
            await WithPathAsync(id, path, service, ct, followLast: NamesDirectoryItself(path), (hostPath, name) =>
            {
                context.Response.Headers[StatHeader] = EncodeStat(hostPath, name);
                return Task.FromResult<IResult>(TypedResults.Ok());
            }));

        containers.MapGet("/{id}/archive", async (string id, string? path, HttpContext context, ContainerService service, CancellationToken ct) =>
            await WithPathAsync(id, path, service, ct, followLast: NamesDirectoryItself(path), async (hostPath, name) =>
            {
                context.Response.Headers[StatHeader] = EncodeStat(hostPath, name);
                context.Response.ContentType = "application/x-tar";
                await ContainerFilesystem.WriteTarAsync(hostPath, name, context.Response.Body, ct);
                return TypedResults.Empty;
            }));

        containers.MapPut("/{id}/archive", async (string id, string? path, HttpContext context, ContainerService service, CancellationToken ct) =>
            await WithPathAsync(id, path, service, ct, followLast: true, async (hostPath, _) =>
            {
                if (!Directory.Exists(hostPath))
                    return ApiResults.BadRequest($"extraction point is not a directory: {path}");
                try
                {
                    // The body is read fully by the unpacker, which is synchronous: buffer to a file, not to memory.
                    await using var buffered = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                    await context.Request.Body.CopyToAsync(buffered, ct);
                    buffered.Position = 0;
                    ContainerFilesystem.Extract(buffered, hostPath, $"the archive for container {id}");
                }
                catch (Exception e) when (e is UnsafeLayerEntryException or InvalidDataException or FormatException)
                {
                    return ApiResults.BadRequest(e.Message);
                }
                return TypedResults.Ok();
            }));

        containers.MapGet("/{id}/export", async (string id, HttpContext context, ContainerService service, CancellationToken ct) =>
        {
            if (await service.ResolveAsync(id, ct) is not { } c) return ApiResults.NoSuchContainer(id);
            context.Response.ContentType = "application/x-tar";
            await ContainerFilesystem.WriteTarAsync(ContainerFilesystem.Of(c).Root, "", context.Response.Body, ct);
            return TypedResults.Empty;
        });
    }

    private static async Task<IResult> WithPathAsync(string id, string? path, ContainerService service, CancellationToken ct, bool followLast,
        Func<string, string, Task<IResult>> action)
    {
        if (string.IsNullOrEmpty(path)) return ApiResults.BadRequest("path is required");
        if (await service.ResolveAsync(id, ct) is not { } c) return ApiResults.NoSuchContainer(id);
        var filesystem = ContainerFilesystem.Of(c);
        if (filesystem.Resolve(path, followLast) is not { } hostPath)
            return ApiResults.Error(StatusCodes.Status404NotFound, $"Could not find the file {path} in container {id}");
        var name = path.TrimEnd('/') is { Length: > 0 } trimmed ? Path.GetFileName(trimmed) : ".";
        return await action(hostPath, name);
    }

    /// <summary>As Docker: <c>link/</c> or <c>link/.</c> means what the link points to; <c>link</c> means the link.</summary>
    private static bool NamesDirectoryItself(string? path) => path is not null && (path.EndsWith('/') || path.EndsWith("/."));

    private static string EncodeStat(string hostPath, string name) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(ContainerFilesystem.Stat(hostPath, name), BockApiJsonContext.Default.PathStatDto));
}
