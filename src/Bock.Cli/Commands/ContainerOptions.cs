using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary>
/// The flags <c>run</c> and <c>create</c> share, and their translation into Docker's create body. Values are checked
/// here, before anything is sent, so a bad <c>--memory</c> or mount spec creates nothing.
/// </summary>
internal static class ContainerOptions
{
    public static FlagSet Declare(FlagSet flags) => flags
        .Value("name", null, "Assign a name to the container")
        .List("env", 'e', "Set environment variables")
        .List("env-file", null, "Read in a file of environment variables")
        .List("volume", 'v', "Bind mount a volume")
        .List("mount", null, "Attach a filesystem mount to the container", "mount")
        .List("tmpfs", null, "Mount a tmpfs directory")
        .Value("workdir", 'w', "Working directory inside the container")
        .Value("user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])")
        .Value("entrypoint", null, "Overwrite the default ENTRYPOINT of the image")
        .Value("hostname", null, "Container host name")
        .Value("restart", null, "Restart policy to apply when a container exits (default \"no\")")
        .Value("memory", 'm', "Memory limit", "bytes")
        .Value("memory-swap", null, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", "bytes")
        .Value("cpus", null, "Number of CPUs", "decimal")
        .Value("cpu-shares", 'c', "CPU shares (relative weight)", "int")
        .Value("pids-limit", null, "Tune container pids limit (set -1 for unlimited)", "int")
        .List("cap-add", null, "Add Linux capabilities")
        .List("cap-drop", null, "Drop Linux capabilities")
        .List("security-opt", null, "Security Options")
        .Bool("privileged", null, "Give extended privileges to this container")
        .Bool("read-only", null, "Mount the container's root filesystem as read only")
        .Bool("init", null, "Run an init inside the container that forwards signals and reaps processes")
        .List("ulimit", null, "Ulimit options", "ulimit")
        .List("label", 'l', "Set meta data on a container")
        .Value("health-cmd", null, "Command to run to check health")
        .Value("health-interval", null, "Time between running the check (ms|s|m|h) (default 0s)", "duration")
        .Value("health-retries", null, "Consecutive failures needed to report unhealthy", "int")
        .Value("health-timeout", null, "Maximum time to allow one check to run (ms|s|m|h) (default 0s)", "duration")
        .Value("health-start-period", null, "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)", "duration")
        .Bool("no-healthcheck", null, "Disable any container-specified HEALTHCHECK")
        .Value("stop-signal", null, "Signal to stop the container")
        .Value("stop-timeout", null, "Timeout (in seconds) to stop a container", "int")
        .List("network", null, "Connect a container to a network (bridge|host|none|container:NAME|NAME)", "network")
        .List("network-alias", null, "Add network-scoped alias for the container")
        .Value("ip", null, "IPv4 address (e.g., 172.30.100.104)", "ip")
        .Value("mac-address", null, "Container MAC address (e.g., 92:d0:c6:0a:29:33)")
        .List("publish", 'p', "Publish a container's port(s) to the host")
        .Bool("publish-all", 'P', "Publish all exposed ports to random ports")
        .List("expose", null, "Expose a port or a range of ports")
        .List("dns", null, "Set custom DNS servers")
        .List("dns-search", null, "Set custom DNS search domains")
        .List("dns-option", null, "Set DNS options")
        .List("add-host", null, "Add a custom host-to-IP mapping (host:ip)")
        .Bool("interactive", 'i', "Keep STDIN open even if not attached")
        .Bool("tty", 't', "Allocate a pseudo-TTY")
        .Bool("rm", null, "Automatically remove the container and its associated anonymous volumes when it exits")
        .Value("platform", null, "Set platform if server is multi-platform capable")
        .Value("pull", null, "Pull image before running (\"always\", \"missing\", \"never\") (default \"missing\")");

    /// <summary>The create body; positional[0] is the image, the rest its command.</summary>
    public static ContainerCreateRequest ToRequest(ParsedFlags flags, IReadOnlyList<string> positional)
    {
        var image = positional[0];
        var command = positional.Skip(1).ToList();
        var env = new List<string>();
        foreach (var file in flags.List("env-file")) env.AddRange(EnvFile.Read(file));
        env.AddRange(flags.List("env").Select(ExpandEnv));
        var (binds, volumes) = SplitVolumes(flags.List("volume"));
        var tmpfs = flags.List("tmpfs").ToDictionary(t => t.Split(':', 2)[0], t => t.Contains(':') ? t.Split(':', 2)[1] : "");
        foreach (var path in tmpfs.Keys)
            if (!path.StartsWith('/')) throw new UsageException($"invalid argument \"{path}\" for \"--tmpfs\" flag: invalid mount path: '{path}' mount path must be absolute");
        var memory = flags.Value("memory") is { } m ? ValueParsers.Bytes(m, "memory") : 0;
        var swap = flags.Value("memory-swap") is { } s ? (s == "-1" ? -1 : ValueParsers.Bytes(s, "memory-swap")) : 0;
        if (memory is > 0 and < 6 * 1024 * 1024)
            throw new UsageException("Minimum memory limit allowed is 6MB");
        var ports = PortSpec.ParseAll(flags.List("publish"), flags.List("expose"));
        var networks = flags.List("network");
        return new ContainerCreateRequest
        {
            Image = image,
            Cmd = command.Count > 0 ? command : null,
            Entrypoint = flags.Value("entrypoint") is { } ep ? (ep.Length == 0 ? [] : [ep]) : null,
            Env = env.Count > 0 ? env : null,
            WorkingDir = flags.Value("workdir"),
            User = flags.Value("user"),
            Hostname = flags.Value("hostname"),
            Labels = Labels(flags.List("label")),
            Tty = flags.Bool("tty"),
            OpenStdin = flags.Bool("interactive"),
            StdinOnce = flags.Bool("interactive"),
            AttachStdin = flags.Bool("interactive"),
            StopSignal = flags.Value("stop-signal"),
            StopTimeout = flags.Int("stop-timeout"),
            Healthcheck = Healthcheck(flags),
            Volumes = volumes.Count > 0 ? volumes.ToDictionary(v => v, _ => new EmptyJsonObject()) : null,
            ExposedPorts = ports.Exposed.Count > 0 ? ports.Exposed.ToDictionary(p => p, _ => new EmptyJsonObject()) : null,
            NetworkingConfig = Networking(flags, networks),
            HostConfig = new HostConfigDto
            {
                Binds = binds.Count > 0 ? binds : null,
                Mounts = flags.List("mount") is { Count: > 0 } mounts ? mounts.Select(MountSpec.Parse).ToList() : null,
                Tmpfs = tmpfs.Count > 0 ? tmpfs : null,
                RestartPolicy = flags.Value("restart") is { } restart ? RestartPolicy(restart) : null,
                AutoRemove = flags.Bool("rm"),
                NetworkMode = networks.Count > 0 ? networks[0] : null,
                PortBindings = ports.Bindings.Count > 0 ? ports.Bindings : null,
                PublishAllPorts = flags.Bool("publish-all"),
                Memory = memory,
                MemorySwap = swap,
                NanoCpus = flags.Value("cpus") is { } cpus ? ValueParsers.NanoCpus(cpus) : 0,
                CpuShares = flags.Int("cpu-shares") ?? 0,
                PidsLimit = flags.Int("pids-limit"),
                CapAdd = NullIfEmpty(flags.List("cap-add")),
                CapDrop = NullIfEmpty(flags.List("cap-drop")),
                Privileged = flags.Bool("privileged"),
                ReadonlyRootfs = flags.Bool("read-only"),
                SecurityOpt = NullIfEmpty(flags.List("security-opt").Select(SecurityOpt).ToList()),
                Init = flags.Has("init") ? flags.Bool("init") : null,
                Ulimits = flags.List("ulimit") is { Count: > 0 } u ? u.Select(ValueParsers.Ulimit).ToList() : null,
                Dns = NullIfEmpty(flags.List("dns")),
                DnsSearch = NullIfEmpty(flags.List("dns-search")),
                DnsOptions = NullIfEmpty(flags.List("dns-option")),
                ExtraHosts = NullIfEmpty(flags.List("add-host")),
            },
        };
    }

    /// <summary>
    /// <c>--ip</c>, <c>--mac-address</c> and <c>--network-alias</c> belong to the first network; every further
    /// <c>--network</c> is another endpoint (Docker 25's multiple networks at create).
    /// </summary>
    private static NetworkingConfigDto? Networking(ParsedFlags flags, IReadOnlyList<string> networks)
    {
        var ip = flags.Value("ip");
        var mac = flags.Value("mac-address");
        var aliases = flags.List("network-alias");
        if (ip is not null && !System.Net.IPAddress.TryParse(ip, out _))
            throw new UsageException($"invalid argument \"{ip}\" for \"--ip\" flag: invalid IP address");
        if (networks.Count == 0 && (ip is not null || aliases.Count > 0))
            throw new UsageException("--ip and --network-alias need a user-defined --network");
        if (networks.Count == 0) return null;
        var endpoints = new Dictionary<string, EndpointSettingsDto>
        {
            [networks[0]] = new()
            {
                IPAMConfig = ip is null ? null : new EndpointIpamConfigDto { IPv4Address = ip },
                MacAddress = mac,
                Aliases = aliases.Count > 0 ? aliases : null,
            },
        };
        foreach (var other in networks.Skip(1)) endpoints[other] = new EndpointSettingsDto();
        return new NetworkingConfigDto { EndpointsConfig = endpoints };
    }

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> list) => list.Count > 0 ? list : null;

    /// <summary><c>-e NAME</c> without a value takes it from this process's environment, or is dropped (Docker).</summary>
    private static string ExpandEnv(string variable) =>
        variable.Contains('=') ? variable : Environment.GetEnvironmentVariable(variable) is { } value ? $"{variable}={value}" : variable;

    /// <summary><c>-v /path</c> alone is an anonymous volume; anything with a target is a bind or named volume.</summary>
    private static (List<string> Binds, List<string> Volumes) SplitVolumes(IReadOnlyList<string> specs)
    {
        List<string> binds = [], volumes = [];
        foreach (var spec in specs)
        {
            var parts = spec.Split(':');
            if (parts.Length == 1)
            {
                if (!spec.StartsWith('/'))
                    throw new UsageException($"invalid argument \"{spec}\" for \"--volume\" flag: invalid volume specification: '{spec}': the container path must be absolute");
                volumes.Add(spec);
                continue;
            }
            if (parts.Length > 3 || parts[0].Length == 0 || !parts[1].StartsWith('/'))
                throw new UsageException($"invalid argument \"{spec}\" for \"--volume\" flag: invalid volume specification: '{spec}'");
            if (parts.Length == 3 && parts[2].Split(',').Any(o => o is not ("ro" or "rw" or "z" or "Z" or "shared" or "rshared" or "slave" or "rslave" or "private" or "rprivate" or "nocopy")))
                throw new UsageException($"invalid argument \"{spec}\" for \"--volume\" flag: invalid mode: {parts[2]}");
            binds.Add(parts[0].StartsWith('.') ? Path.GetFullPath(parts[0]) + spec[parts[0].Length..] : spec);
        }
        return (binds, volumes);
    }

    private static Dictionary<string, string>? Labels(IReadOnlyList<string> labels) =>
        labels.Count == 0 ? null : labels.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    /// <summary><c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure[:N]</c>.</summary>
    private static RestartPolicyDto RestartPolicy(string text)
    {
        var parts = text.Split(':', 2);
        var name = parts[0];
        if (name is not ("no" or "always" or "unless-stopped" or "on-failure"))
            throw new UsageException($"invalid restart policy '{text}'");
        var retries = 0;
        if (parts.Length == 2 && (name != "on-failure" || !int.TryParse(parts[1], out retries) || retries < 0))
            throw new UsageException($"invalid restart policy '{text}': maximum retry count can only be used with 'on-failure' and must be a positive number");
        return new RestartPolicyDto { Name = name, MaximumRetryCount = retries };
    }

    /// <summary><c>seccomp=FILE</c> sends the profile's content, as Docker's CLI does.</summary>
    private static string SecurityOpt(string option)
    {
        if (!option.StartsWith("seccomp=") && !option.StartsWith("seccomp:")) return option;
        var value = option[8..];
        if (value == "unconfined") return "seccomp=unconfined";
        if (!File.Exists(value))
            throw new UsageException($"invalid argument \"{option}\" for \"--security-opt\" flag: opening seccomp profile ({value}) failed: no such file");
        return "seccomp=" + File.ReadAllText(value);
    }

    private static HealthcheckDto? Healthcheck(ParsedFlags flags)
    {
        if (flags.Bool("no-healthcheck")) return new HealthcheckDto { Test = ["NONE"] };
        var cmd = flags.Value("health-cmd");
        string[] timing = ["health-interval", "health-retries", "health-timeout", "health-start-period"];
        if (cmd is null && !timing.Any(flags.Has)) return null;
        long Duration(string name)
        {
            if (flags.Value(name) is not { } text) return 0;
            var nanos = ValueParsers.DurationNanos(text, name);
            if (nanos is > 0 and < 1_000_000)
                throw new UsageException($"--{name} cannot be less than 1ms");
            return nanos;
        }
        var retries = flags.Int("health-retries") ?? 0;
        if (retries < 0) throw new UsageException("--health-retries cannot be negative");
        return new HealthcheckDto
        {
            Test = cmd is null ? null : ["CMD-SHELL", cmd],
            Interval = Duration("health-interval"),
            Timeout = Duration("health-timeout"),
            StartPeriod = Duration("health-start-period"),
            Retries = retries,
        };
    }
}
