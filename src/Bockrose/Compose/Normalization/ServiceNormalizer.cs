using System.Collections.Frozen;
using System.Collections.Immutable;
using Bockrose.Compose.Model;
using Bockrose.Compose.Variables;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// Turns one merged service mapping into a <see cref="Service"/>: short syntaxes expanded into their long forms,
/// string commands split into words, <c>env_file</c>s read into the environment, variables named without a value
/// taken from the environment, durations and sizes parsed, the default network made explicit.
/// </summary>
internal sealed class ServiceNormalizer(NodeReader read, Func<string, string?> lookup, string workingDirectory)
{
    private static readonly FrozenSet<string> Supported = new[]
    {
        "build", "command", "entrypoint", "environment", "env_file", "image", "ports", "expose", "volumes", "tmpfs",
        "depends_on", "healthcheck", "deploy", "restart", "networks", "network_mode", "labels", "profiles",
        "container_name", "hostname", "user", "working_dir", "tty", "stdin_open", "privileged", "read_only", "init",
        "cap_add", "cap_drop", "stop_signal", "stop_grace_period", "extra_hosts", "dns", "dns_search", "sysctls",
        "ulimits", "pull_policy", "logging", "mem_limit", "cpus", "pids_limit", "shm_size", "scale", "secrets", "configs",
    }.ToFrozenSet();

    private static readonly FrozenSet<string> RestartPolicies = new[] { "no", "always", "unless-stopped", "on-failure" }.ToFrozenSet();

    public Service Normalize(string name, MappingNode s)
    {
        var p = $"services.{name}";
        foreach (var entry in s.Entries)
        {
            var key = entry.Key.Value;
            if (Supported.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal)) continue;
            if (UnsupportedKeys.Refused.TryGetValue(key, out var why))
                read.Error(entry.Key, p, $"\"{key}\" is not supported by bockrose: {why}");
            else if (UnsupportedKeys.Ignored.TryGetValue(key, out var ignored))
                read.Warnings.Add($"{entry.Key.Location}: {p}.{key} is ignored: {ignored}");
            else
                read.Error(entry.Key, p, $"\"{key}\" is not supported by bockrose");
        }

        var image = read.String(s["image"], $"{p}.image");
        var build = Build(s["build"], $"{p}.build");
        if (image is null && build is null)
            read.Error(s, p, "has neither an image nor a build context");

        var restart = read.String(s["restart"], $"{p}.restart");
        if (restart is not null && !RestartPolicies.Contains(restart.Split(':')[0]))
            read.Error(s["restart"]!, $"{p}.restart", $"\"{restart}\" is not a restart policy (no, always, on-failure[:N], unless-stopped)");

        var networkMode = read.String(s["network_mode"], $"{p}.network_mode");
        var networks = Networks(s["networks"], $"{p}.networks");
        if (networks.Count == 0 && networkMode is null)
            networks = networks.Add("default", null);

        return new Service(
            name,
            image,
            build,
            Command(s["command"], $"{p}.command"),
            Command(s["entrypoint"], $"{p}.entrypoint"),
            Environment(s, p),
            EnvFiles(s["env_file"]).Select(f => f.Path).ToImmutableArray(),
            Ports(s["ports"], $"{p}.ports"),
            [.. read.StringList(s["expose"], $"{p}.expose")],
            Volumes(s["volumes"], $"{p}.volumes"),
            read.StringList(s["tmpfs"], $"{p}.tmpfs"),
            DependsOn(s["depends_on"], $"{p}.depends_on"),
            Healthcheck(s["healthcheck"], $"{p}.healthcheck"),
            Deploy(s["deploy"], $"{p}.deploy"),
            restart,
            networks,
            networkMode,
            read.Map(s["labels"], $"{p}.labels"),
            read.StringList(s["profiles"], $"{p}.profiles"),
            Options(s, p),
            References(s["secrets"], $"{p}.secrets"),
            References(s["configs"], $"{p}.configs"),
            NodeReader.Extensions(s));
    }

    private ServiceOptions Options(MappingNode s, string p) => new(
        read.String(s["container_name"], $"{p}.container_name"),
        read.String(s["hostname"], $"{p}.hostname"),
        read.String(s["user"], $"{p}.user"),
        read.String(s["working_dir"], $"{p}.working_dir"),
        read.Bool(s["tty"], $"{p}.tty"),
        read.Bool(s["stdin_open"], $"{p}.stdin_open"),
        read.Bool(s["privileged"], $"{p}.privileged"),
        read.Bool(s["read_only"], $"{p}.read_only"),
        read.Bool(s["init"], $"{p}.init"),
        read.StringList(s["cap_add"], $"{p}.cap_add"),
        read.StringList(s["cap_drop"], $"{p}.cap_drop"),
        read.String(s["stop_signal"], $"{p}.stop_signal"),
        read.Duration(s["stop_grace_period"], $"{p}.stop_grace_period"),
        ExtraHosts(s["extra_hosts"], $"{p}.extra_hosts"),
        read.StringList(s["dns"], $"{p}.dns"),
        read.StringList(s["dns_search"], $"{p}.dns_search"),
        read.Map(s["sysctls"], $"{p}.sysctls"),
        Ulimits(s["ulimits"], $"{p}.ulimits"),
        read.String(s["pull_policy"], $"{p}.pull_policy"),
        Logging(s["logging"], $"{p}.logging"),
        read.Bytes(s["mem_limit"], $"{p}.mem_limit"),
        read.Double(s["cpus"], $"{p}.cpus"),
        read.Long(s["pids_limit"], $"{p}.pids_limit"),
        read.Bytes(s["shm_size"], $"{p}.shm_size"),
        read.Int(s["scale"], $"{p}.scale"));

    private BuildConfig? Build(ComposeNode? node, string p)
    {
        switch (node)
        {
            case null:
                return null;
            case ScalarNode s:
                return new BuildConfig(s.Value, "Dockerfile", null, ImmutableSortedDictionary<string, string?>.Empty, null,
                    ImmutableSortedDictionary<string, string>.Empty, [], [], null, null, null);
            case MappingNode m:
                foreach (var key in m.Keys.Where(k => k is "ssh" or "secrets" or "entitlements" or "privileged" or "ulimits" or "isolation" or "platforms" or "cache_to" or "additional_contexts" or "extra_hosts" or "shm_size"))
                    read.Error(m.Find(key)!.Key, p, $"\"{key}\" is not supported by bockrose builds yet");
                var args = read.NullableMap(m["args"], $"{p}.args")
                    .ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value ?? lookup(kv.Key), StringComparer.Ordinal);
                return new BuildConfig(
                    read.String(m["context"], $"{p}.context") ?? workingDirectory,
                    read.String(m["dockerfile"], $"{p}.dockerfile") ?? "Dockerfile",
                    read.String(m["dockerfile_inline"], $"{p}.dockerfile_inline"),
                    args,
                    read.String(m["target"], $"{p}.target"),
                    read.Map(m["labels"], $"{p}.labels"),
                    read.StringList(m["cache_from"], $"{p}.cache_from"),
                    read.StringList(m["tags"], $"{p}.tags"),
                    read.String(m["network"], $"{p}.network"),
                    read.Bool(m["no_cache"], $"{p}.no_cache"),
                    read.Bool(m["pull"], $"{p}.pull"));
            default:
                read.Error(node, p, "must be a string or a mapping");
                return null;
        }
    }

    private ImmutableArray<string>? Command(ComposeNode? node, string p)
    {
        switch (node)
        {
            case null or ScalarNode { IsNull: true }:
                return null;
            case ScalarNode s:
                try
                {
                    return [.. ShellWords.Split(s.Value)];
                }
                catch (FormatException e)
                {
                    read.Error(s, p, e.Message);
                    return null;
                }
            default:
                return read.StringList(node, p);
        }
    }

    private ImmutableSortedDictionary<string, string?> Environment(MappingNode s, string p)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        foreach (var (path, required, node) in EnvFiles(s["env_file"]))
        {
            if (!File.Exists(path))
            {
                if (required) read.Error(node, $"{p}.env_file", $"env file {path} not found");
                continue;
            }
            try
            {
                foreach (var (k, v) in DotEnvParser.Parse(File.ReadAllText(path), path, lookup)) result[k] = v;
            }
            catch (ComposeException e)
            {
                foreach (var error in e.Errors) read.Error(node, $"{p}.env_file", error.ToString());
            }
        }
        // A variable named without a value takes the environment's value; if unset there it stays unset (null).
        foreach (var (k, v) in read.NullableMap(s["environment"], $"{p}.environment"))
            result[k] = v ?? lookup(k);
        return result.ToImmutable();
    }

    private List<(string Path, bool Required, ComposeNode Node)> EnvFiles(ComposeNode? node)
    {
        var items = node switch
        {
            null => [],
            SequenceNode q => q.Items.ToList(),
            _ => [node],
        };
        var result = new List<(string, bool, ComposeNode)>();
        foreach (var item in items)
        {
            if (item is ScalarNode s) result.Add((s.Value, true, s));
            else if (item is MappingNode m && read.String(m["path"], "env_file.path") is { } path)
                result.Add((path, read.Bool(m["required"], "env_file.required") ?? true, m));
        }
        return result;
    }

    private ImmutableArray<ServicePort> Ports(ComposeNode? node, string p)
    {
        if (node is not SequenceNode list) return [];
        var result = ImmutableArray.CreateBuilder<ServicePort>();
        for (var i = 0; i < list.Items.Length; i++)
        {
            var item = list.Items[i];
            var at = $"{p}[{i}]";
            switch (item)
            {
                case ScalarNode s:
                    try
                    {
                        result.AddRange(PortSyntax.Parse(s.Value));
                    }
                    catch (FormatException e)
                    {
                        read.Error(s, at, e.Message);
                    }
                    break;
                case MappingNode m:
                    var targetText = read.String(m["target"], $"{at}.target");
                    if (targetText is null)
                    {
                        read.Error(m, at, "a port needs a target");
                        break;
                    }
                    try
                    {
                        result.Add(new ServicePort(
                            PortSyntax.Port(targetText, targetText),
                            read.String(m["published"], $"{at}.published"),
                            read.String(m["host_ip"], $"{at}.host_ip"),
                            read.String(m["protocol"], $"{at}.protocol") ?? "tcp",
                            read.String(m["mode"], $"{at}.mode") ?? "ingress",
                            read.String(m["name"], $"{at}.name"),
                            read.String(m["app_protocol"], $"{at}.app_protocol")));
                    }
                    catch (FormatException e)
                    {
                        read.Error(m["target"]!, $"{at}.target", e.Message);
                    }
                    break;
            }
        }
        return result.ToImmutable();
    }

    private ImmutableArray<ServiceVolume> Volumes(ComposeNode? node, string p)
    {
        if (node is not SequenceNode list) return [];
        var result = ImmutableArray.CreateBuilder<ServiceVolume>();
        for (var i = 0; i < list.Items.Length; i++)
        {
            var at = $"{p}[{i}]";
            switch (list.Items[i])
            {
                case ScalarNode s:
                    try
                    {
                        result.Add(VolumeSyntax.Parse(s.Value));
                    }
                    catch (FormatException e)
                    {
                        read.Error(s, at, e.Message);
                    }
                    break;
                case MappingNode m:
                    var type = read.String(m["type"], $"{at}.type") ?? "volume";
                    if (type is not ("bind" or "volume" or "tmpfs"))
                    {
                        read.Error(m["type"]!, $"{at}.type", $"mount type \"{type}\" is not supported by bockrose (bind, volume, tmpfs)");
                        break;
                    }
                    var target = read.String(m["target"], $"{at}.target");
                    if (target is null)
                    {
                        read.Error(m, at, "a mount needs a target");
                        break;
                    }
                    var bind = read.Mapping(m["bind"], $"{at}.bind");
                    var volume = read.Mapping(m["volume"], $"{at}.volume");
                    var tmpfs = read.Mapping(m["tmpfs"], $"{at}.tmpfs");
                    var source = read.String(m["source"], $"{at}.source");
                    if (type == "bind" && source is null) read.Error(m, at, "a bind mount needs a source");
                    result.Add(new ServiceVolume(
                        type,
                        source,
                        target,
                        read.Bool(m["read_only"], $"{at}.read_only") ?? false,
                        type == "bind" ? new BindOptions(
                            read.String(bind?["propagation"], $"{at}.bind.propagation"),
                            read.Bool(bind?["create_host_path"], $"{at}.bind.create_host_path"),
                            read.String(bind?["selinux"], $"{at}.bind.selinux")) : null,
                        type == "volume" ? new VolumeOptions(
                            read.Bool(volume?["nocopy"], $"{at}.volume.nocopy"),
                            read.String(volume?["subpath"], $"{at}.volume.subpath")) : null,
                        type == "tmpfs" ? new TmpfsOptions(
                            read.Bytes(tmpfs?["size"], $"{at}.tmpfs.size"),
                            Mode(tmpfs?["mode"], $"{at}.tmpfs.mode")) : null));
                    break;
            }
        }
        return result.ToImmutable();
    }

    private ImmutableSortedDictionary<string, ServiceDependency> DependsOn(ComposeNode? node, string p)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, ServiceDependency>(StringComparer.Ordinal);
        if (read.Mapping(node, p) is not { } deps) return result.ToImmutable();
        foreach (var e in deps.Entries)
        {
            var m = read.Mapping(e.Value, $"{p}.{e.Key.Value}");
            result[e.Key.Value] = new ServiceDependency(
                read.String(m?["condition"], $"{p}.{e.Key.Value}.condition") ?? "service_started",
                read.Bool(m?["required"], $"{p}.{e.Key.Value}.required") ?? true,
                read.Bool(m?["restart"], $"{p}.{e.Key.Value}.restart") ?? false);
        }
        return result.ToImmutable();
    }

    private Healthcheck? Healthcheck(ComposeNode? node, string p)
    {
        if (read.Mapping(node, p) is not { } h) return null;
        ImmutableArray<string> test = h["test"] switch
        {
            null => [],
            ScalarNode s when s.Value == "NONE" => ["NONE"],
            ScalarNode s => ["CMD-SHELL", s.Value],
            var other => read.StringList(other, $"{p}.test"),
        };
        if (test.Length > 0 && test[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
            read.Error(h["test"]!, $"{p}.test", $"a test list starts with CMD, CMD-SHELL or NONE, not \"{test[0]}\"");
        return new Healthcheck(
            test,
            read.Duration(h["interval"], $"{p}.interval"),
            read.Duration(h["timeout"], $"{p}.timeout"),
            read.Duration(h["start_period"], $"{p}.start_period"),
            read.Duration(h["start_interval"], $"{p}.start_interval"),
            read.Int(h["retries"], $"{p}.retries"),
            read.Bool(h["disable"], $"{p}.disable") ?? false);
    }

    private DeployConfig? Deploy(ComposeNode? node, string p)
    {
        if (read.Mapping(node, p) is not { } d) return null;
        foreach (var key in d.Keys.Where(k => k is "placement" or "endpoint_mode" or "rollback_config"))
            read.Warnings.Add($"{d.Find(key)!.Key.Location}: {p}.{key} is ignored: Bock runs on one host");
        var restart = read.Mapping(d["restart_policy"], $"{p}.restart_policy");
        var update = read.Mapping(d["update_config"], $"{p}.update_config");
        var resources = read.Mapping(d["resources"], $"{p}.resources");
        if (read.Mapping(resources?["reservations"], $"{p}.resources.reservations") is { } r)
            foreach (var key in r.Keys.Where(k => k is "devices" or "generic_resources"))
                read.Error(r.Find(key)!.Key, $"{p}.resources.reservations", $"\"{key}\" is not supported by bockrose: device reservations are not supported");
        var mode = read.String(d["mode"], $"{p}.mode");
        if (mode is not (null or "replicated" or "global"))
            read.Error(d["mode"]!, $"{p}.mode", $"\"{mode}\" is not a deploy mode (replicated, global)");
        return new DeployConfig(
            mode,
            read.Int(d["replicas"], $"{p}.replicas"),
            read.Map(d["labels"], $"{p}.labels"),
            restart is null ? null : new RestartPolicy(
                read.String(restart["condition"], $"{p}.restart_policy.condition"),
                read.Duration(restart["delay"], $"{p}.restart_policy.delay"),
                read.Int(restart["max_attempts"], $"{p}.restart_policy.max_attempts"),
                read.Duration(restart["window"], $"{p}.restart_policy.window")),
            update is null ? null : new UpdateConfig(
                read.Int(update["parallelism"], $"{p}.update_config.parallelism"),
                read.Duration(update["delay"], $"{p}.update_config.delay"),
                read.String(update["failure_action"], $"{p}.update_config.failure_action"),
                read.Duration(update["monitor"], $"{p}.update_config.monitor"),
                read.Double(update["max_failure_ratio"], $"{p}.update_config.max_failure_ratio"),
                read.String(update["order"], $"{p}.update_config.order")),
            Resources(resources?["limits"], $"{p}.resources.limits"),
            Resources(resources?["reservations"], $"{p}.resources.reservations"));
    }

    private ResourceSet? Resources(ComposeNode? node, string p) =>
        read.Mapping(node, p) is { } m
            ? new ResourceSet(read.Double(m["cpus"], $"{p}.cpus"), read.Bytes(m["memory"], $"{p}.memory"), read.Long(m["pids"], $"{p}.pids"))
            : null;

    private ImmutableSortedDictionary<string, ServiceNetwork?> Networks(ComposeNode? node, string p)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, ServiceNetwork?>(StringComparer.Ordinal);
        if (read.Mapping(node, p) is not { } nets) return result.ToImmutable();
        foreach (var e in nets.Entries)
        {
            var at = $"{p}.{e.Key.Value}";
            if (read.Mapping(e.Value, at) is not { } m)
            {
                result[e.Key.Value] = null;
                continue;
            }
            foreach (var key in m.Keys.Where(k => k is "interface_name" or "link_local_ips" or "mac_address" or "driver_opts" or "gw_priority"))
                read.Error(m.Find(key)!.Key, at, $"\"{key}\" is not supported by bockrose networks");
            result[e.Key.Value] = new ServiceNetwork(
                read.StringList(m["aliases"], $"{at}.aliases"),
                read.String(m["ipv4_address"], $"{at}.ipv4_address"),
                read.String(m["ipv6_address"], $"{at}.ipv6_address"),
                read.Int(m["priority"], $"{at}.priority"));
        }
        return result.ToImmutable();
    }

    private ImmutableArray<string> ExtraHosts(ComposeNode? node, string p)
    {
        if (node is MappingNode m)
        {
            // The mapping form (host: ip or host: [ips]) is written out as the list form "host=ip", as compose does.
            return [.. m.Entries.SelectMany(e => read.StringList(e.Value, $"{p}.{e.Key.Value}").Select(ip => $"{e.Key.Value}={ip}"))];
        }
        // "host:ip" is the older spelling of "host=ip"; the first colon separates them (IPv6 addresses have more).
        return [.. read.StringList(node, p).Select(h => h.Contains('=') || !h.Contains(':') ? h : h[..h.IndexOf(':')] + "=" + h[(h.IndexOf(':') + 1)..])];
    }

    private ImmutableSortedDictionary<string, Ulimit> Ulimits(ComposeNode? node, string p)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, Ulimit>(StringComparer.Ordinal);
        if (read.Mapping(node, p) is not { } m) return result.ToImmutable();
        foreach (var e in m.Entries)
        {
            var at = $"{p}.{e.Key.Value}";
            if (e.Value is MappingNode limits)
                result[e.Key.Value] = new Ulimit(read.Long(limits["soft"], $"{at}.soft") ?? 0, read.Long(limits["hard"], $"{at}.hard") ?? 0);
            else if (read.Long(e.Value, at) is { } both)
                result[e.Key.Value] = new Ulimit(both, both);
        }
        return result.ToImmutable();
    }

    private LoggingConfig? Logging(ComposeNode? node, string p) =>
        read.Mapping(node, p) is { } m
            ? new LoggingConfig(read.String(m["driver"], $"{p}.driver"), read.Map(m["options"], $"{p}.options"))
            : null;

    private ImmutableArray<ServiceFileReference> References(ComposeNode? node, string p)
    {
        if (node is not SequenceNode list) return [];
        var result = ImmutableArray.CreateBuilder<ServiceFileReference>();
        for (var i = 0; i < list.Items.Length; i++)
        {
            var at = $"{p}[{i}]";
            switch (list.Items[i])
            {
                case ScalarNode s:
                    result.Add(new ServiceFileReference(s.Value, null, null, null, null));
                    break;
                case MappingNode m when read.String(m["source"], $"{at}.source") is { } source:
                    result.Add(new ServiceFileReference(source, read.String(m["target"], $"{at}.target"),
                        read.String(m["uid"], $"{at}.uid"), read.String(m["gid"], $"{at}.gid"), Mode(m["mode"], $"{at}.mode")));
                    break;
                case var other:
                    read.Error(other, at, "needs a source");
                    break;
            }
        }
        return result.ToImmutable();
    }

    /// <summary>A file mode: written as octal (0440, 0o440) or as a decimal number.</summary>
    private int? Mode(ComposeNode? node, string p)
    {
        if (read.String(node, p) is not { } text) return null;
        try
        {
            if (text.StartsWith("0o", StringComparison.Ordinal)) return Convert.ToInt32(text[2..], 8);
            if (text.Length > 1 && text[0] == '0') return Convert.ToInt32(text, 8);
            return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            read.Error(node!, p, $"\"{text}\" is not a file mode");
            return null;
        }
    }
}
