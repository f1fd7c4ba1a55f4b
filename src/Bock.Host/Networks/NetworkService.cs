using Akka.Actor;
using Akka.Hosting;
using Bock.Actors.Networks;
using Bock.Host.Api;
using Bock.Host.Containers;
using static Bock.Actors.Networks.NetworkProtocol;

namespace Bock.Host.Networks;

/// <summary>The /networks endpoints' work: asks the <see cref="NetworkDirectory"/> and maps its replies onto Docker's shapes and codes.</summary>
public sealed class NetworkService(IRequiredActor<NetworkDirectory> networks, ContainerService containers, ContainerNetworking networking)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(45);

    public async Task<IResult> CreateAsync(NetworkCreateRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name)) return ApiResults.BadRequest("network name is required");
        if (request.Driver is { Length: > 0 } driver && driver != "bridge")
            return ApiResults.Error(StatusCodes.Status404NotFound, $"plugin \"{driver}\" not found: bockd has the bridge driver only");
        var pool = request.IPAM?.Config is { Count: > 0 } config ? config[0] : null;
        if (request.IPAM?.Config is { Count: > 1 }) return ApiResults.BadRequest("one IPv4 pool per network is supported");
        var reply = await AskAsync(new CreateNetwork(request.Name, pool?.Subnet, pool?.Gateway, request.Internal,
            request.Labels ?? new Dictionary<string, string>()), ct);
        return reply is NetworkCreated created
            ? TypedResults.Json(new NetworkCreateResponse(created.Network.Id, ""), BockApiJsonContext.Default.NetworkCreateResponse, statusCode: StatusCodes.Status201Created)
            : Failure(reply);
    }

    public async Task<IResult> ListAsync(CancellationToken ct) =>
        await AskAsync(ListNetworks.Instance, ct) is NetworkList list
            ? TypedResults.Json([.. Special("host"), .. Special("none"), .. list.Networks.Select(ToResource)], BockApiJsonContext.Default.IReadOnlyListNetworkResource)
            : ApiResults.ServerError("listing networks failed");

    public async Task<IResult> InspectAsync(string nameOrId, CancellationToken ct)
    {
        if (NetworkDirectory.SpecialNetworks.Contains(nameOrId))
            return TypedResults.Json(Special(nameOrId)[0], BockApiJsonContext.Default.NetworkResource);
        var reply = await AskAsync(new InspectNetwork(nameOrId), ct);
        return reply is NetworkState state ? TypedResults.Json(ToResource(state), BockApiJsonContext.Default.NetworkResource) : Failure(reply);
    }

    public async Task<IResult> RemoveAsync(string nameOrId, CancellationToken ct)
    {
        var reply = await AskAsync(new RemoveNetwork(nameOrId), ct);
        return reply is NetworkRemoved ? TypedResults.NoContent() : Failure(reply);
    }

    public async Task<IResult> PruneAsync(CancellationToken ct)
    {
        if (await AskAsync(ListNetworks.Instance, ct) is not NetworkList list) return ApiResults.ServerError("listing networks failed");
        List<string> deleted = [];
        foreach (var state in list.Networks.Where(s => !s.Config.IsDefault && s.Endpoints.Count == 0))
            if (await AskAsync(new RemoveNetwork(state.Config.Id), ct) is NetworkRemoved) deleted.Add(state.Config.Name);
        return TypedResults.Json(new NetworkPruneResponse(deleted), BockApiJsonContext.Default.NetworkPruneResponse);
    }

    public async Task<IResult> ConnectAsync(string nameOrId, NetworkConnectRequest request, CancellationToken ct)
    {
        if (await containers.ResolveAsync(request.Container ?? "", ct) is not { } container) return ApiResults.NoSuchContainer(request.Container ?? "");
        if (container.NetnsPath is null)
            return ApiResults.BadRequest($"container {container.Name} is in network mode {container.NetworkMode}: it cannot join bridge networks");
        NetworkRequest wanted;
        try
        {
            wanted = NetworkPlan.From(new ContainerCreateRequest
            {
                HostConfig = new HostConfigDto { NetworkMode = nameOrId },
                NetworkingConfig = new NetworkingConfigDto { EndpointsConfig = new Dictionary<string, EndpointSettingsDto> { [nameOrId] = request.EndpointConfig ?? new() } },
            }).Networks[0];
        }
        catch (FormatException e)
        {
            return ApiResults.BadRequest(e.Message);
        }
        var reply = await networking.ConnectAsync(container.Id, container.Name, container.NetnsPath, container.Endpoints, wanted, ct);
        if (reply is not ContainerConnected connected) return Failure(reply);
        await containers.SetEndpointsAsync(container.Id, [.. container.Endpoints, connected.Endpoint], ct);
        return TypedResults.Ok();
    }

    public async Task<IResult> DisconnectAsync(string nameOrId, NetworkDisconnectRequest request, CancellationToken ct)
    {
        if (await containers.ResolveAsync(request.Container ?? "", ct) is not { } container) return ApiResults.NoSuchContainer(request.Container ?? "");
        if (await AskAsync(new InspectNetwork(nameOrId), ct) is not NetworkState state) return Failure(new NetworkCommandFailed(NetworkFailure.NotFound, $"network {nameOrId} not found"));
        var reply = await networking.DisconnectAsync(state.Config.Id, container.Id, ct);
        if (reply is not ContainerDisconnected) return Failure(reply);
        await containers.SetEndpointsAsync(container.Id, [.. container.Endpoints.Where(e => e.NetworkId != state.Config.Id)], ct);
        return TypedResults.Ok();
    }

    /// <summary>Each network a container is on, by name, for its inspect.</summary>
    public async Task<IReadOnlyDictionary<string, NetworkConfig>> ByIdAsync(CancellationToken ct) =>
        await AskAsync(ListNetworks.Instance, ct) is NetworkList list ? list.Networks.ToDictionary(n => n.Config.Id, n => n.Config) : new Dictionary<string, NetworkConfig>();

    public static IResult ToResult(NetworkFailure failure, string reason) => failure switch
    {
        NetworkFailure.NotFound => ApiResults.Error(StatusCodes.Status404NotFound, reason),
        NetworkFailure.Conflict => ApiResults.Conflict(reason),
        NetworkFailure.Invalid => ApiResults.BadRequest(reason),
        NetworkFailure.Forbidden => ApiResults.Error(StatusCodes.Status403Forbidden, reason),
        _ => ApiResults.ServerError(reason),
    };

    private static IResult Failure(object reply) =>
        reply is NetworkCommandFailed failed ? ToResult(failed.Failure, failed.Reason) : ApiResults.ServerError($"unexpected reply {reply.GetType().Name}");

    private async Task<object> AskAsync(object message, CancellationToken ct) => await (await networks.GetAsync(ct)).Ask<object>(message, AskTimeout, ct);

    private static NetworkResource ToResource(NetworkState state) => new()
    {
        Name = state.Config.Name,
        Id = state.Config.Id,
        Created = state.Config.Created.UtcDateTime.ToString("o"),
        Driver = "bridge",
        Internal = state.Config.Internal,
        Attachable = false,
        IPAM = new IpamDto { Driver = "default", Config = [new IpamConfigDto { Subnet = state.Config.Subnet.ToString(), Gateway = state.Config.Gateway.ToString() }] },
        Containers = state.Endpoints.ToDictionary(e => e.ContainerId,
            e => new NetworkContainerDto(e.ContainerName, EndpointId(e), e.MacAddress, $"{e.Address}/{e.PrefixLength}", "")),
        Options = new Dictionary<string, string> { ["com.docker.network.bridge.name"] = state.Config.BridgeName },
        Labels = state.Config.Labels,
    };

    /// <summary>Docker shows host and none in every list; they have no bridge, IPAM or endpoints of bockd's.</summary>
    private static NetworkResource[] Special(string name) =>
    [
        new()
        {
            Name = name,
            Id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("bock-" + name))).ToLowerInvariant(),
            Created = DateTimeOffset.UnixEpoch.UtcDateTime.ToString("o"),
            Driver = name == "host" ? "host" : "null",
            IPAM = new IpamDto { Driver = "default", Config = [] },
        },
    ];

    public static string EndpointId(NetworkEndpoint e) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(e.ContainerId + "/" + e.NetworkId))).ToLowerInvariant();
}
