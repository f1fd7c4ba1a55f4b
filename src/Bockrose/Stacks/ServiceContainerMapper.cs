using System.Globalization;
using Bock.Api.Dtos;
using Bockrose.Compose.Model;

namespace Bockrose.Stacks;

/// <summary>
/// A compose service → Docker's container create body, as docker compose v2 writes it: named volumes become
/// <c>&lt;project&gt;_&lt;name&gt;</c> (the top-level definition's name), every network an endpoint with the service
/// name as alias (service-name DNS), <c>restart</c> or <c>deploy.restart_policy</c> the container's restart policy
/// (the daemon's supervisor then brings a killed replica back), secrets and configs read-only binds of their files.
/// The labels hold no hash: the hash is of this body.
/// </summary>
public static class ServiceContainerMapper
{
    public static ContainerCreateRequest Map(Project project, Service service, string image)
    {
        var o = service.Options;
        var (networkMode, endpoints) = Networks(project, service);
        return new ContainerCreateRequest
        {
            Image = image,
            Cmd = service.Command is { } cmd ? [.. cmd] : null,
            Entrypoint = service.Entrypoint is { } ep ? [.. ep] : null,
            Env = [.. service.Environment.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}")],
            WorkingDir = o.WorkingDir,
            User = o.User,
            Hostname = o.Hostname,
            Labels = new SortedDictionary<string, string>(service.Labels, StringComparer.Ordinal),
            Tty = o.Tty ?? false,
            OpenStdin = o.StdinOpen ?? false,
            StopSignal = o.StopSignal,
            StopTimeout = o.StopGracePeriod is { } grace ? (int)Math.Ceiling(grace.TotalSeconds) : null,
            Healthcheck = Health(service.Healthcheck),
            ExposedPorts = service.Ports.Select(p => $"{p.Target}/{p.Protocol}")
                .Concat(service.Expose.Select(e => e.Contains('/') ? e : e + "/tcp"))
                .Distinct(StringComparer.Ordinal).ToDictionary(k => k, _ => new EmptyJsonObject(), StringComparer.Ordinal) is { Count: > 0 } exposed ? exposed : null,
            HostConfig = new HostConfigDto
            {
                Mounts = Mounts(project, service) is { Count: > 0 } mounts ? mounts : null,
                Tmpfs = service.Tmpfs.Length > 0 ? service.Tmpfs.ToDictionary(t => t.Split(':')[0], t => t.Contains(':') ? t[(t.IndexOf(':') + 1)..] : "", StringComparer.Ordinal) : null,
                RestartPolicy = Restart(service),
                NetworkMode = networkMode,
                PortBindings = Ports(service) is { Count: > 0 } ports ? ports : null,
                Memory = service.Deploy?.Limits?.MemoryBytes ?? o.MemLimit ?? 0,
                NanoCpus = (long)((service.Deploy?.Limits?.Cpus ?? o.Cpus ?? 0) * 1e9),
                PidsLimit = service.Deploy?.Limits?.Pids ?? o.PidsLimit,
                CapAdd = o.CapAdd.Length > 0 ? [.. o.CapAdd] : null,
                CapDrop = o.CapDrop.Length > 0 ? [.. o.CapDrop] : null,
                Privileged = o.Privileged ?? false,
                ReadonlyRootfs = o.ReadOnly ?? false,
                Init = o.Init,
                Ulimits = o.Ulimits.Count > 0 ? [.. o.Ulimits.Select(u => new UlimitDto { Name = u.Key, Soft = u.Value.Soft, Hard = u.Value.Hard })] : null,
                Dns = o.Dns.Length > 0 ? [.. o.Dns] : null,
                DnsSearch = o.DnsSearch.Length > 0 ? [.. o.DnsSearch] : null,
                ExtraHosts = o.ExtraHosts.Length > 0 ? [.. o.ExtraHosts] : null,
            },
            NetworkingConfig = endpoints.Count > 0 ? new NetworkingConfigDto { EndpointsConfig = endpoints } : null,
        };
    }

    /// <summary>The engine-side names of the networks the service joins, first the one it is created on.</summary>
    public static IReadOnlyList<string> NetworkNames(Project project, Service service) =>
        service.NetworkMode is not null ? [] :
        [.. service.Networks.OrderByDescending(n => n.Value?.Priority ?? 0).ThenBy(n => n.Key, StringComparer.Ordinal)
            .Select(n => project.Networks.TryGetValue(n.Key, out var d) ? d.Name : $"{project.Name}_{n.Key}")];

    private static (string? Mode, Dictionary<string, EndpointSettingsDto> Endpoints) Networks(Project project, Service service)
    {
        if (service.NetworkMode is { } mode) return (mode, []);
        var endpoints = new Dictionary<string, EndpointSettingsDto>(StringComparer.Ordinal);
        foreach (var (key, attachment) in service.Networks.OrderByDescending(n => n.Value?.Priority ?? 0).ThenBy(n => n.Key, StringComparer.Ordinal))
        {
            var name = project.Networks.TryGetValue(key, out var d) ? d.Name : $"{project.Name}_{key}";
            endpoints[name] = new EndpointSettingsDto
            {
                Aliases = [service.Name, .. attachment?.Aliases ?? []],
                IPAMConfig = attachment?.Ipv4Address is { } ip ? new EndpointIpamConfigDto { IPv4Address = ip } : null,
            };
        }
        return (endpoints.Keys.FirstOrDefault(), endpoints);
    }

    private static List<MountDto> Mounts(Project project, Service service) =>
    [
        .. service.Volumes.Select(v => new MountDto
        {
            Type = v.Type,
            Source = v.Type == "volume" && v.Source is { } key
                ? project.Volumes.TryGetValue(key, out var d) ? d.Name : $"{project.Name}_{key}"
                : v.Source,
            Target = v.Target,
            ReadOnly = v.ReadOnly,
            TmpfsOptions = v.Tmpfs is { } t ? new TmpfsOptionsDto { SizeBytes = t.Size ?? 0, Mode = t.Mode ?? 0 } : null,
        }),
        .. FileMounts(project.Configs, service.Configs, "config"),
        .. FileMounts(project.Secrets, service.Secrets, "secret"),
    ];

    /// <summary>
    /// Secrets and configs are read-only binds of their files, as docker compose mounts them without swarm. The
    /// project is one <see cref="StackFiles.Plan"/> made: an environment or content one is a file bockd wrote.
    /// </summary>
    private static IEnumerable<MountDto> FileMounts(IReadOnlyDictionary<string, FileObjectDefinition> definitions, IEnumerable<ServiceFileReference> references, string kind) =>
        references.Select(r => new MountDto
        {
            Type = "bind",
            Source = definitions.TryGetValue(r.Source, out var d) && d.File is { } file
                ? file
                : throw new StackRuntimeException($"{kind} \"{r.Source}\" has no file: its content is written by bockd before the container is made"),
            Target = StackFiles.Target(kind, r),
            ReadOnly = true,
        });

    private static Dictionary<string, IReadOnlyList<PortBindingDto>?> Ports(Service service)
    {
        var bindings = new Dictionary<string, IReadOnlyList<PortBindingDto>?>(StringComparer.Ordinal);
        foreach (var p in service.Ports)
        {
            var key = $"{p.Target}/{p.Protocol}";
            var binding = new PortBindingDto { HostIp = p.HostIp, HostPort = p.Published ?? "" };
            bindings[key] = bindings.TryGetValue(key, out var list) && list is not null ? [.. list, binding] : [binding];
        }
        return bindings;
    }

    /// <summary>
    /// <c>restart</c> wins; else <c>deploy.restart_policy</c>, which the daemon's supervisor follows as swarmkit does:
    /// none → no, on-failure → on-failure, any (the default) → always, each bounded by <c>max_attempts</c> (counted
    /// within <c>window</c> when given) and waiting <c>delay</c> before each restart (Bock's extensions of Docker's policy).
    /// </summary>
    private static RestartPolicyDto? Restart(Service service)
    {
        if (service.Restart is { } r)
        {
            var parts = r.Split(':', 2);
            return new RestartPolicyDto { Name = parts[0], MaximumRetryCount = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0 };
        }
        if (service.Deploy?.RestartPolicy is not { } policy)
            return null;
        var name = (policy.Condition ?? "any") switch
        {
            "none" => "no",
            "on-failure" => "on-failure",
            _ => "always",
        };
        return name == "no"
            ? new RestartPolicyDto { Name = name }
            : new RestartPolicyDto { Name = name, MaximumRetryCount = policy.MaxAttempts ?? 0, Delay = NanosOrNull(policy.Delay), Window = NanosOrNull(policy.Window) };
    }

    private static long? NanosOrNull(TimeSpan? span) => span is { } s ? Nanos(s) : null;

    private static HealthcheckDto? Health(Healthcheck? health) => health switch
    {
        null => null,
        { Disable: true } => new HealthcheckDto { Test = ["NONE"] },
        _ => new HealthcheckDto
        {
            Test = health.Test.Length > 0 ? [.. health.Test] : null,
            Interval = Nanos(health.Interval),
            Timeout = Nanos(health.Timeout),
            StartPeriod = Nanos(health.StartPeriod),
            StartInterval = Nanos(health.StartInterval),
            Retries = health.Retries ?? 0,
        },
    };

    private static long Nanos(TimeSpan? span) => span is { } s ? s.Ticks * 100 : 0;
}
