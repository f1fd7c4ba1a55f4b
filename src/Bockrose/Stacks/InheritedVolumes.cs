using Bock.Api.Dtos;

namespace Bockrose.Stacks;

/// <summary>
/// docker compose's recreate keeps a replica's data: the old replica's anonymous volumes are mounted by name into
/// its replacement at the same destinations, unless the new configuration mounts something of its own there (a bind,
/// a named volume, a tmpfs). A new anonymous volume at such a destination is replaced by the old one, keeping its
/// read-only flag. The request's config hash is taken before, so the handed-on mounts never make it look outdated.
/// </summary>
public static class InheritedVolumes
{
    public static ContainerCreateRequest Apply(ContainerCreateRequest request, IReadOnlyList<AnonymousVolume> inherited)
    {
        if (inherited.Count == 0) return request;
        var host = request.HostConfig ?? new HostConfigDto();
        var mounts = host.Mounts ?? [];
        var own = mounts.Where(m => !IsAnonymous(m)).Select(m => Normalize(m.Target))
            .Concat((host.Tmpfs?.Keys ?? []).Select(Normalize))
            .Concat((host.Binds ?? []).Where(HasSource).Select(BindTarget))
            .ToHashSet(StringComparer.Ordinal);
        var carried = inherited.Where(v => !own.Contains(Normalize(v.Destination)))
            .DistinctBy(v => Normalize(v.Destination), StringComparer.Ordinal).ToList();
        if (carried.Count == 0) return request;
        var replaced = mounts.Where(IsAnonymous).ToDictionary(m => Normalize(m.Target), StringComparer.Ordinal);
        var targets = carried.Select(v => Normalize(v.Destination)).ToHashSet(StringComparer.Ordinal);
        return request with
        {
            HostConfig = host with
            {
                Mounts =
                [
                    .. mounts.Where(m => !(IsAnonymous(m) && targets.Contains(Normalize(m.Target)))),
                    .. carried.Select(v => new MountDto
                    {
                        Type = "volume",
                        Source = v.Name,
                        Target = v.Destination,
                        ReadOnly = replaced.TryGetValue(Normalize(v.Destination), out var mount) && mount.ReadOnly,
                    }),
                ],
                // An anonymous `-v /path` of Binds at a carried destination would collide with the carried mount.
                Binds = host.Binds is { } binds ? [.. binds.Where(b => HasSource(b) || !targets.Contains(BindTarget(b)))] : null,
            },
        };
    }

    private static bool IsAnonymous(MountDto m) => m.Type == "volume" && string.IsNullOrEmpty(m.Source);

    private static bool HasSource(string bind) => bind.Split(':') is [_, var target, ..] && target.StartsWith('/');

    /// <summary>Binds' target: <c>src:/ctr[:mode]</c>, or <c>/ctr[:mode]</c> for an anonymous one.</summary>
    private static string BindTarget(string bind)
    {
        var parts = bind.Split(':');
        return Normalize(HasSource(bind) ? parts[1] : parts[0]);
    }

    private static string Normalize(string? path) => string.IsNullOrEmpty(path) ? "" : Path.GetFullPath(path);
}
