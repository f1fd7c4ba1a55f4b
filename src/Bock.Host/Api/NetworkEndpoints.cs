using System.Text.Json;
using Bock.Host.Networks;

namespace Bock.Host.Api;

/// <summary>/networks: bridge networks (create, list, inspect, remove, prune, connect, disconnect).</summary>
internal static class NetworkEndpoints
{
    public static void MapNetworkEndpoints(this IEndpointRouteBuilder app)
    {
        var networks = app.MapGroup("/networks");
        networks.MapGet("", (NetworkService service, CancellationToken ct) => service.ListAsync(ct));
        networks.MapGet("/{id}", (string id, NetworkService service, CancellationToken ct) => service.InspectAsync(id, ct));
        networks.MapDelete("/{id}", (string id, NetworkService service, CancellationToken ct) => service.RemoveAsync(id, ct));
        networks.MapPost("/prune", (NetworkService service, CancellationToken ct) => service.PruneAsync(ct));
        networks.MapPost("/create", async (HttpRequest request, NetworkService service, CancellationToken ct) =>
            await ReadAsync(request, BockApiJsonContext.Default.NetworkCreateRequest, ct) is { } body
                ? await service.CreateAsync(body, ct)
                : ApiResults.BadRequest("invalid JSON body"));
        networks.MapPost("/{id}/connect", async (string id, HttpRequest request, NetworkService service, CancellationToken ct) =>
            await ReadAsync(request, BockApiJsonContext.Default.NetworkConnectRequest, ct) is { } body
                ? await service.ConnectAsync(id, body, ct)
                : ApiResults.BadRequest("invalid JSON body"));
        networks.MapPost("/{id}/disconnect", async (string id, HttpRequest request, NetworkService service, CancellationToken ct) =>
            await ReadAsync(request, BockApiJsonContext.Default.NetworkDisconnectRequest, ct) is { } body
                ? await service.DisconnectAsync(id, body, ct)
                : ApiResults.BadRequest("invalid JSON body"));
    }

    private static async Task<T?> ReadAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, type, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
