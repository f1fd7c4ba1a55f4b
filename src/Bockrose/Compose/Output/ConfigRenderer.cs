using System.Collections;
using System.Collections.Immutable;
using Bockrose.Compose.Model;
using Bockrose.Compose.Normalization;

namespace Bockrose.Compose.Output;

/// <summary>
/// <c>bockrose config</c>: the resolved project as canonical YAML. Keys sorted; long forms throughout (ports,
/// volumes, depends_on, healthcheck tests); defaults compose makes explicit made explicit here too (published
/// ports as strings, <c>mode: ingress</c>, <c>protocol: tcp</c>, <c>networks: {default: null}</c>, the
/// <c>default</c> network and the engine-side names of networks and volumes, build <c>dockerfile</c>);
/// durations in Go's notation and sizes in bytes. Unset values are left out.
/// </summary>
public static class ConfigRenderer
{
    public static string Render(Project project)
    {
        var root = Map(
            ("name", project.Name),
            ("services", Map(project.Services.Select(kv => (kv.Key, (object?)ServiceMap(kv.Value))))),
            ("networks", Empty(project.Networks) ? null : Map(project.Networks.Select(kv => (kv.Key, (object?)Network(kv.Value))))),
            ("volumes", Empty(project.Volumes) ? null : Map(project.Volumes.Select(kv => (kv.Key, (object?)Volume(kv.Value))))),
            ("secrets", Empty(project.Secrets) ? null : Map(project.Secrets.Select(kv => (kv.Key, (object?)FileObject(kv.Value))))),
            ("configs", Empty(project.Configs) ? null : Map(project.Configs.Select(kv => (kv.Key, (object?)FileObject(kv.Value))))));
        AddExtensions(root, project.Extensions);
        return CanonicalYaml.Write(root);
    }

    private static SortedDictionary<string, object?> ServiceMap(Service s)
    {
        var o = s.Options;
        var map = Map(
            ("build", s.Build is null ? null : Build(s.Build)),
            ("cap_add", List(o.CapAdd)),
            ("cap_drop", List(o.CapDrop)),
            ("command", s.Command is { } c ? new List<object?>(c.Cast<object?>()) : null),
            ("configs", List(s.Configs.Select(Reference))),
            ("container_name", o.ContainerName),
            ("cpus", o.Cpus),
            ("depends_on", s.DependsOn.IsEmpty ? null : Map(s.DependsOn.Select(kv => (kv.Key, (object?)Map(
                ("condition", kv.Value.Condition),
                ("required", kv.Value.Required),
                ("restart", kv.Value.Restart ? true : null)))))),
            ("deploy", s.Deploy is null ? null : Deploy(s.Deploy)),
            ("dns", List(o.Dns)),
            ("dns_search", List(o.DnsSearch)),
            ("entrypoint", s.Entrypoint is { } e ? new List<object?>(e.Cast<object?>()) : null),
            ("env_file", List(s.EnvFiles)),
            ("environment", s.Environment.IsEmpty ? null : Map(s.Environment.Select(kv => (kv.Key, (object?)kv.Value)), keepNulls: true)),
            ("expose", List(s.Expose)),
            ("extra_hosts", List(o.ExtraHosts)),
            ("healthcheck", s.Healthcheck is null ? null : Healthcheck(s.Healthcheck)),
            ("hostname", o.Hostname),
            ("image", s.Image),
            ("init", o.Init),
            ("labels", Strings(s.Labels)),
            ("logging", o.Logging is null ? null : Map(("driver", o.Logging.Driver), ("options", Strings(o.Logging.Options)))),
            ("mem_limit", Bytes(o.MemLimit)),
            ("network_mode", s.NetworkMode),
            ("networks", s.Networks.IsEmpty ? null : Map(s.Networks.Select(kv => (kv.Key, kv.Value is null ? null : (object?)Map(
                ("aliases", List(kv.Value.Aliases)),
                ("ipv4_address", kv.Value.Ipv4Address),
                ("ipv6_address", kv.Value.Ipv6Address),
                ("priority", kv.Value.Priority)))), keepNulls: true)),
            ("pids_limit", o.PidsLimit),
            ("ports", List(s.Ports.Select(p => Map(
                ("app_protocol", p.AppProtocol),
                ("host_ip", p.HostIp),
                ("mode", p.Mode),
                ("name", p.Name),
                ("protocol", p.Protocol),
                ("published", p.Published),
                ("target", p.Target))))),
            ("privileged", o.Privileged),
            ("profiles", List(s.Profiles)),
            ("pull_policy", o.PullPolicy),
            ("read_only", o.ReadOnly),
            ("restart", s.Restart),
            ("scale", o.Scale),
            ("secrets", List(s.Secrets.Select(Reference))),
            ("shm_size", Bytes(o.ShmSize)),
            ("stdin_open", o.StdinOpen),
            ("stop_grace_period", Duration(o.StopGracePeriod)),
            ("stop_signal", o.StopSignal),
            ("sysctls", Strings(o.Sysctls)),
            ("tmpfs", List(s.Tmpfs)),
            ("tty", o.Tty),
            ("ulimits", o.Ulimits.IsEmpty ? null : Map(o.Ulimits.Select(kv => (kv.Key, (object?)Map(("hard", kv.Value.Hard), ("soft", kv.Value.Soft)))))),
            ("user", o.User),
            ("volumes", List(s.Volumes.Select(VolumeMount))),
            ("working_dir", o.WorkingDir));
        AddExtensions(map, s.Extensions);
        return map;
    }

    private static SortedDictionary<string, object?> Build(BuildConfig b) => Map(
        ("args", b.Args.IsEmpty ? null : Map(b.Args.Select(kv => (kv.Key, (object?)kv.Value)), keepNulls: true)),
        ("cache_from", List(b.CacheFrom)),
        ("context", b.Context),
        ("dockerfile", b.DockerfileInline is null ? b.Dockerfile : null),
        ("dockerfile_inline", b.DockerfileInline),
        ("labels", Strings(b.Labels)),
        ("network", b.Network),
        ("no_cache", b.NoCache),
        ("pull", b.Pull),
        ("tags", List(b.Tags)),
        ("target", b.Target));

    private static SortedDictionary<string, object?> Deploy(DeployConfig d) => Map(
        ("labels", Strings(d.Labels)),
        ("mode", d.Mode),
        ("replicas", d.Replicas),
        ("resources", d.Limits is null && d.Reservations is null ? null : Map(
            ("limits", d.Limits is null ? null : Resources(d.Limits)),
            ("reservations", d.Reservations is null ? null : Resources(d.Reservations)))),
        ("restart_policy", d.RestartPolicy is not { } r ? null : Map(
            ("condition", r.Condition),
            ("delay", Duration(r.Delay)),
            ("max_attempts", r.MaxAttempts),
            ("window", Duration(r.Window)))),
        ("update_config", d.UpdateConfig is not { } u ? null : Map(
            ("delay", Duration(u.Delay)),
            ("failure_action", u.FailureAction),
            ("max_failure_ratio", u.MaxFailureRatio),
            ("monitor", Duration(u.Monitor)),
            ("order", u.Order),
            ("parallelism", u.Parallelism))));

    private static SortedDictionary<string, object?> Resources(ResourceSet r) =>
        Map(("cpus", r.Cpus), ("memory", Bytes(r.MemoryBytes)), ("pids", r.Pids));

    private static SortedDictionary<string, object?> Healthcheck(Healthcheck h) => Map(
        ("disable", h.Disable ? true : null),
        ("interval", Duration(h.Interval)),
        ("retries", h.Retries),
        ("start_interval", Duration(h.StartInterval)),
        ("start_period", Duration(h.StartPeriod)),
        ("test", List(h.Test)),
        ("timeout", Duration(h.Timeout)));

    private static SortedDictionary<string, object?> VolumeMount(ServiceVolume v) => Map(
        ("bind", v.Bind is not { } b ? null : Map(("create_host_path", b.CreateHostPath), ("propagation", b.Propagation), ("selinux", b.Selinux))),
        ("read_only", v.ReadOnly ? true : null),
        ("source", v.Source),
        ("target", v.Target),
        ("tmpfs", v.Tmpfs is not { } t ? null : Map(("mode", t.Mode), ("size", t.Size))),
        ("type", v.Type),
        ("volume", v.Volume is not { } vo ? null : Map(("nocopy", vo.NoCopy), ("subpath", vo.Subpath))));

    private static SortedDictionary<string, object?> Reference(ServiceFileReference r) =>
        Map(("gid", r.Gid), ("mode", r.Mode), ("source", r.Source), ("target", r.Target), ("uid", r.Uid));

    private static SortedDictionary<string, object?> Network(NetworkDefinition n) => Map(
        ("attachable", n.Attachable),
        ("driver", n.Driver),
        ("driver_opts", Strings(n.DriverOpts)),
        ("enable_ipv6", n.EnableIpv6),
        ("external", n.External ? true : null),
        ("internal", n.Internal),
        ("ipam", n.Ipam.IsEmpty ? null : Map(("config", List(n.Ipam.Select(p => Map(("gateway", p.Gateway), ("ip_range", p.IpRange), ("subnet", p.Subnet))))))),
        ("labels", Strings(n.Labels)),
        ("name", n.Name));

    private static SortedDictionary<string, object?> Volume(VolumeDefinition v) => Map(
        ("driver", v.Driver),
        ("driver_opts", Strings(v.DriverOpts)),
        ("external", v.External ? true : null),
        ("labels", Strings(v.Labels)),
        ("name", v.Name));

    private static SortedDictionary<string, object?> FileObject(FileObjectDefinition f) => Map(
        ("content", f.Content),
        ("environment", f.Environment),
        ("external", f.External ? true : null),
        ("file", f.File),
        ("name", f.Name));

    private static void AddExtensions(SortedDictionary<string, object?> map, ImmutableSortedDictionary<string, object?> extensions)
    {
        foreach (var (k, v) in extensions) map[k] = Plain(v);
    }

    /// <summary>Extension data back into the writer's shapes (its immutable collections become sorted maps and lists).</summary>
    private static object? Plain(object? value) => value switch
    {
        ImmutableSortedDictionary<string, object?> m => new SortedDictionary<string, object?>(m.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)), StringComparer.Ordinal),
        ImmutableArray<object?> a => a.Select(Plain).ToList(),
        _ => value,
    };

    private static SortedDictionary<string, object?> Map(params (string Key, object? Value)[] entries) => Map(entries.AsEnumerable());

    /// <summary>A sorted map without the unset entries.</summary>
    private static SortedDictionary<string, object?> Map(IEnumerable<(string Key, object? Value)> entries, bool keepNulls = false)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in entries)
            if (v is not null || keepNulls) map[k] = v;
        return map;
    }

    private static List<object?>? List<T>(IEnumerable<T> items)
    {
        var list = items.Cast<object?>().ToList();
        return list.Count == 0 ? null : list;
    }

    private static SortedDictionary<string, object?>? Strings(ImmutableSortedDictionary<string, string> map) =>
        map.IsEmpty ? null : Map(map.Select(kv => (kv.Key, (object?)kv.Value)));

    private static bool Empty(IEnumerable items) => !items.GetEnumerator().MoveNext();

    private static string? Duration(TimeSpan? d) => d is { } v ? GoDuration.Format(v) : null;

    private static string? Bytes(long? bytes) => bytes?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
