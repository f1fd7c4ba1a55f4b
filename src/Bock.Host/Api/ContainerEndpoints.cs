using System.Text.Json;
using Bock.Host.Containers;

namespace Bock.Host.Api;

/// <summary>/containers: Docker's create, lifecycle, wait, list, inspect and remove.</summary>
internal static class ContainerEndpoints
{
    public static void MapContainerEndpoints(this IEndpointRouteBuilder app)
    {
        var containers = app.MapGroup("/containers");

        containers.MapPost("/create", async (HttpRequest request, string? name, ContainerService service, CancellationToken ct) =>
        {
            ContainerCreateRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, BockApiJsonContext.Default.ContainerCreateRequest, ct);
            }
            catch (JsonException e)
            {
                return ApiResults.BadRequest($"invalid JSON: {e.Message}");
            }
            return body is null
                ? ApiResults.BadRequest("Config cannot be empty in order to create a container")
                : await service.CreateAsync(name, body, ct);
        });
        containers.MapPost("/{id}/start", (string id, ContainerService service, CancellationToken ct) => service.StartAsync(id, ct));
        containers.MapPost("/{id}/stop", (string id, int? t, ContainerService service, CancellationToken ct) => service.StopAsync(id, t, ct));
        containers.MapPost("/{id}/restart", (string id, int? t, ContainerService service, CancellationToken ct) => service.RestartAsync(id, t, ct));
        containers.MapPost("/{id}/kill", (string id, string? signal, ContainerService service, CancellationToken ct) => service.KillAsync(id, signal, ct));
        containers.MapPost("/{id}/wait", (HttpContext context, string id, ContainerService service) => service.WaitAsync(id, context));
        containers.MapDelete("/{id}", (string id, string? force, string? v, ContainerService service, CancellationToken ct) =>
            service.RemoveAsync(id, IsTrue(force), ct, removeVolumes: IsTrue(v)));

        containers.MapGet("/json", async (string? all, string? filters, ContainerService service, CancellationToken ct) =>
        {
            ContainerFilter filter;
            try
            {
                filter = new ContainerFilter(DockerFilters.Parse(filters));
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            var now = DateTimeOffset.UtcNow;
            var list = (await service.ListAsync(ct))
                .Where(c => IsTrue(all) || filter.SelectsStopped || c.State is "running" or "paused" or "restarting")
                .Where(filter.Matches)
                .Select(c => Summary(c, now))
                .ToList();
            return (IResult)TypedResults.Json<IReadOnlyList<ContainerSummary>>(list, BockApiJsonContext.Default.IReadOnlyListContainerSummary);
        });

        containers.MapPost("/prune", async (string? filters, ContainerService service, CancellationToken ct) =>
        {
            ContainerFilter filter;
            try
            {
                filter = new ContainerFilter(DockerFilters.Parse(filters));
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            var deleted = new List<string>();
            foreach (var c in (await service.ListAsync(ct)).Where(c => c.State is "exited" or "created" && filter.Matches(c)))
                if (await service.RemoveAsync(c.Id, force: false, ct) is Microsoft.AspNetCore.Http.HttpResults.NoContent) deleted.Add(c.Id);
            return TypedResults.Json(new ContainerPruneResponse { ContainersDeleted = deleted }, BockApiJsonContext.Default.ContainerPruneResponse);
        });

        containers.MapGet("/{id}/json", async (string id, ContainerService service, Bock.Host.Networks.NetworkService networks, CancellationToken ct) =>
        {
            if (await service.ResolveAsync(id, ct) is not { } c)
                return ApiResults.NoSuchContainer(id);
            var snapshot = await service.SnapshotAsync(c, ct);
            var pid = c.State is "running" or "paused" ? snapshot?.Pid ?? 0 : 0;
            var io = ContainerService.IoFlagsOf(c);
            return TypedResults.Json(new ContainerInspectResponse
            {
                Id = c.Id,
                Created = DockerTime.Format(c.Created),
                Path = c.Args.Count > 0 ? c.Args[0] : "",
                Args = [.. c.Args.Skip(1)],
                State = new ContainerStateDto
                {
                    Status = c.State,
                    Running = c.State is "running" or "paused",
                    Paused = c.State == "paused",
                    Restarting = c.State == "restarting",
                    Pid = pid,
                    ExitCode = c.ExitCode,
                    OOMKilled = c.OomKilled,
                    StartedAt = DockerTime.Format(c.StartedAt),
                    FinishedAt = DockerTime.Format(c.FinishedAt),
                    Health = c.HealthCheck?.Command is null ? null : new HealthDto
                    {
                        Status = c.Health ?? snapshot?.Health?.Status ?? Bock.Actors.Containers.HealthStatus.Starting,
                        FailingStreak = snapshot?.Health?.FailingStreak ?? 0,
                        Log = [.. (snapshot?.Health?.Log ?? []).Select(p => new HealthLogDto(DockerTime.Format(p.Start), DockerTime.Format(p.End), p.ExitCode, p.Output))],
                    },
                },
                Image = c.Image,
                LogPath = ContainerService.LogPath(c),
                Name = "/" + c.Name,
                RestartCount = c.RestartCount,
                NetworkSettings = c.Endpoints.Count == 0 && c.NetnsPath is null ? new NetworkSettingsDto()
                    : Bock.Host.Networks.NetworkSettingsView.Of(c, await networks.ByIdAsync(ct)),
                HostConfig = BundleHostConfig.Apply(new HostConfigDto
                {
                    NetworkMode = c.NetworkMode,
                    AutoRemove = c.AutoRemove,
                    RestartPolicy = new RestartPolicyDto
                    {
                        Name = c.RestartPolicy.ToString().Split(':')[0],
                        MaximumRetryCount = c.RestartPolicy.MaxRetries ?? 0,
                        Delay = c.RestartPolicy.Delay is { } delay ? delay.Ticks * 100 : null,
                        Window = c.RestartPolicy.Window is { } window ? window.Ticks * 100 : null,
                    },
                }, c.BundlePath),
                Config = new ContainerConfigDto
                {
                    Hostname = c.Hostname,
                    Env = c.Env,
                    Cmd = c.Args,
                    Image = c.Image,
                    WorkingDir = c.WorkingDir,
                    Labels = c.Labels,
                    User = c.User,
                    Entrypoint = c.Entrypoint,
                    Tty = io.Tty,
                    OpenStdin = io.OpenStdin,
                    StdinOnce = io.StdinOnce,
                    StopSignal = c.StopSignal,
                    StopTimeout = c.StopTimeout,
                },
                Mounts = MountPoints(c),
            }, BockApiJsonContext.Default.ContainerInspectResponse);
        });
    }

    /// <summary>Docker's query booleans: 1, true, True.</summary>
    private static bool IsTrue(string? value) => value is "1" || bool.TryParse(value, out var b) && b;

    /// <summary>One entry of docker ps (and of system df's containers).</summary>
    public static ContainerSummary Summary(ContainerRecord c, DateTimeOffset now) => new()
    {
        Id = c.Id,
        Names = ["/" + c.Name],
        Image = c.Image,
        ImageID = c.ImageId ?? "",
        Command = string.Join(' ', c.Args),
        Created = c.Created.ToUnixTimeSeconds(),
        State = c.State,
        Status = DockerTime.Status(c, now),
        Labels = c.Labels,
        Ports = [.. c.Ports.Select(p => new PortDto(p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp, p.ContainerPort, p.HostPort, p.Protocol))],
        Mounts = MountPoints(c),
    };

    /// <summary>Docker's MountPoints: volumes are the local driver's; Mode says only ro, the one mode bockd keeps.</summary>
    private static IReadOnlyList<MountPointDto> MountPoints(ContainerRecord c) =>
    [
        .. c.Mounts.Select(m => new MountPointDto
        {
            Type = m.Type,
            Name = m.Name,
            Source = m.Source,
            Destination = m.Destination,
            Driver = m.Type == "volume" ? "local" : null,
            Mode = m.ReadOnly ? "ro" : "",
            RW = !m.ReadOnly,
            Propagation = m.Propagation,
        }),
    ];
}
