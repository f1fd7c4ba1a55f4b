using System.Diagnostics;
using Bock.Actors.Containers;
using Bock.Images.Oci;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

public sealed partial class BundleWriter
{
    /// <summary>Where <c>--init</c>'s tini comes from (Debian's tini package); Docker's path for it in the container.</summary>
    public const string TiniPath = "/usr/bin/tini-static";
    public const string InitPath = "/sbin/docker-init";

    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// A container from a stored image, as Docker makes one: the request is checked first (a bad mount, memory value
    /// or user is a <see cref="FormatException"/> before anything exists), then the image's layers are unpacked, an
    /// overlay snapshot keyed by the container id is mounted at <c>&lt;id&gt;/rootfs</c>, volumes are made and filled
    /// from the image, and config.json is written. Any failure takes back all of it.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such image.</exception>
    /// <exception cref="FormatException">The request is invalid.</exception>
    /// <param name="plan">How it is networked; <paramref name="netnsPath"/> is the namespace it joins (its own for a bridge, another's for container:).</param>
    public async Task<ContainerRecord> WriteFromImageAsync(string id, string name, ContainerCreateRequest request, RestartPolicy policy,
        Networks.NetworkPlan plan, string? netnsPath, CancellationToken ct)
    {
        var host = request.HostConfig;
        var mounts = HostConfigParser.Mounts(host);
        var defaults = DefaultSpec.Create();
        var resources = HostConfigParser.Resources(host, defaults.Linux!.Resources!);
        var capabilities = DockerCapabilities.Resolve(host);
        var rlimits = HostConfigParser.Rlimits(host);
        var (noNewPrivileges, profile, unconfined) = HostConfigParser.Security(host);
        var seccomp = host?.Privileged == true || unconfined ? null
            : profile is not null ? DockerSeccomp.Resolve(profile, capabilities) : DockerSeccomp.Default(capabilities);
        var hostNetwork = plan.Kind == Networks.NetworkPlanKind.Host;
        if (host?.Init == true && !File.Exists(TiniPath))
            throw new FormatException($"--init needs {TiniPath}, which is missing on this host (apt-get install tini)");
        foreach (var bind in mounts.Where(m => m.Kind == MountKind.Bind))
            if (!Path.Exists(bind.Source))
                throw new FormatException($"invalid mount config for type \"bind\": bind source path does not exist: {bind.Source}");

        var stored = images.Find(request.Image!) ?? throw new FileNotFoundException($"No such image: {request.Image}");
        var config = stored.Image.Config.Config ?? new ContainerConfig();
        // Docker: an Entrypoint of the request replaces the image's and drops the image's Cmd with it.
        var entrypoint = request.Entrypoint ?? config.Entrypoint ?? [];
        if (entrypoint is [""]) entrypoint = [];
        var cmd = request.Cmd ?? (request.Entrypoint is null ? config.Cmd : null) ?? [];
        var args = entrypoint.Concat(cmd).ToList();
        if (args.Count == 0) throw new FormatException("No command specified");
        var env = MergeEnv(config.Env ?? [], request.Env ?? []);
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) env = [DefaultPath, .. env];
        var cwd = !string.IsNullOrEmpty(request.WorkingDir) ? request.WorkingDir : !string.IsNullOrEmpty(config.WorkingDir) ? config.WorkingDir : "/";
        if (!cwd.StartsWith('/')) throw new FormatException($"the working directory '{cwd}' is invalid, it needs to be an absolute path");
        var hostname = !string.IsNullOrEmpty(request.Hostname) ? request.Hostname : hostNetwork ? Environment.MachineName : id[..12];
        var labels = new Dictionary<string, string>(config.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in request.Labels ?? new Dictionary<string, string>()) labels[key] = value;
        var userText = request.User ?? config.User ?? "";
        var health = HealthCheckMerge.Merge(request.Healthcheck, config.Healthcheck);

        var chains = await images.Store.UnpackAsync(stored.Image, cancellationToken: ct);
        var layers = chains.Reverse().Select(images.Store.Snapshots.FsDir).ToList();
        var user = UserDatabase.Resolve(userText, layers);

        // The image's VOLUMEs and the request's Volumes (docker CLI's `-v /path`) that no mount of the request covers
        // get an anonymous volume each, as in Docker.
        var requested = mounts.Select(m => m.Target).ToHashSet(StringComparer.Ordinal);
        var volumePaths = (config.Volumes?.Keys ?? []).Concat(request.Volumes?.Keys ?? []).ToList();
        if (volumePaths.FirstOrDefault(v => !v.StartsWith('/')) is { } relative)
            throw new FormatException($"invalid volume specification: '{relative}': mount path must be absolute");
        mounts = [.. mounts, .. volumePaths.Select(Path.GetFullPath).Where(v => v != "/" && !requested.Contains(v)).Distinct()
            .Select(v => new MountRequest(MountKind.Volume, null, v, false, []))];

        var bundle = Path.Combine(containersDirectory, id);
        var rootfs = Path.Combine(bundle, "rootfs");
        var madeVolumes = new List<string>();
        try
        {
            Directory.CreateDirectory(rootfs);
            mounter.Mount(images.Store.Snapshots.Prepare(id, chains), rootfs);
            var specMounts = new List<MountSpec>();
            var used = new List<string>();
            var anonymous = new List<string>();
            var mountPoints = new List<ContainerMount>();
            foreach (var mount in mounts.OrderBy(m => m.Target.Count(c => c == '/')).ThenBy(m => m.Target, StringComparer.Ordinal))
            {
                switch (mount.Kind)
                {
                    case MountKind.Bind:
                        specMounts.Add(new MountSpec { Destination = mount.Target, Type = "bind", Source = mount.Source, Options = BindOptions(mount) });
                        mountPoints.Add(new ContainerMount("bind", null, mount.Source!, mount.Target, mount.ReadOnly, mount.Options.Count > 0 ? mount.Options[0] : "rprivate"));
                        break;
                    case MountKind.Volume:
                        var (volume, created) = volumes.Create(mount.Source, null, anonymous: mount.Source is null);
                        if (created) madeVolumes.Add(volume.Name);
                        // An anonymous volume mounted by its name (compose's recreate hands a replica's on to the next)
                        // stays anonymous: rm -v of the container that mounts it now takes it, as Docker 23+ does.
                        var isAnonymous = mount.Source is null || volume.Anonymous;
                        if (isAnonymous) anonymous.Add(volume.Name);
                        mountPoints.Add(new ContainerMount("volume", volume.Name, volume.Mountpoint, mount.Target, mount.ReadOnly, "") { Anonymous = isAnonymous });
                        used.Add(volume.Name);
                        // Docker fills a volume from the image whenever it is empty, not only when it is new.
                        if (created || !Directory.EnumerateFileSystemEntries(volume.Mountpoint).Any()) CopyUp(rootfs, mount.Target, volume.Mountpoint);
                        specMounts.Add(new MountSpec { Destination = mount.Target, Type = "bind", Source = volume.Mountpoint, Options = BindOptions(mount) });
                        break;
                    case MountKind.Tmpfs:
                        specMounts.Add(new MountSpec
                        {
                            Destination = mount.Target,
                            Type = "tmpfs",
                            Source = "tmpfs",
                            Options = ["nosuid", "nodev", "noexec", .. mount.ReadOnly ? ["ro"] : Array.Empty<string>(), .. mount.Options],
                        });
                        mountPoints.Add(new ContainerMount("tmpfs", null, "", mount.Target, mount.ReadOnly, ""));
                        break;
                }
            }
            specMounts.AddRange(WriteNetworkFiles(bundle, hostname, hostNetwork, host?.ReadonlyRootfs == true, requested));
            if (host?.Init == true)
            {
                specMounts.Add(new MountSpec { Destination = InitPath, Type = "bind", Source = TiniPath, Options = ["bind", "ro"] });
                args = [InitPath, "--", .. args];
            }

            var privileged = host?.Privileged == true;
            var processEnv = MergeEnv([DefaultPath, $"HOSTNAME={hostname}", .. request.Tty ? ["TERM=xterm"] : Array.Empty<string>()], env);
            var spec = defaults with
            {
                Process = defaults.Process! with
                {
                    Terminal = request.Tty,
                    Args = args,
                    Env = processEnv,
                    Cwd = cwd,
                    User = new UserSpec { Uid = user.Uid, Gid = user.Gid, AdditionalGids = user.AdditionalGids.Count > 0 ? user.AdditionalGids : null },
                    Capabilities = new CapabilitiesSpec { Bounding = capabilities, Effective = capabilities, Permitted = capabilities },
                    Rlimits = rlimits,
                    NoNewPrivileges = noNewPrivileges,
                },
                Root = new RootSpec { Path = rootfs, Readonly = host?.ReadonlyRootfs == true },
                Hostname = hostname,
                Mounts = [.. DefaultMounts(defaults, privileged, specMounts), .. specMounts],
                Annotations = IoAnnotations(request),
                Linux = defaults.Linux with
                {
                    CgroupsPath = $"/bock/{id}",
                    Resources = privileged ? resources with { Devices = [new DeviceCgroupRuleSpec { Allow = true, Access = "rwm" }] } : resources,
                    Devices = privileged ? [.. defaults.Linux.Devices ?? [], .. HostDevices.List()] : defaults.Linux.Devices,
                    Namespaces = hostNetwork ? [.. defaults.Linux.Namespaces!.Where(n => n.Type != "network")]
                        : netnsPath is not null ? [.. defaults.Linux.Namespaces!.Select(n => n.Type == "network" ? n with { Path = netnsPath } : n)]
                        : defaults.Linux.Namespaces,
                    Seccomp = seccomp,
                    MaskedPaths = privileged ? [] : defaults.Linux.MaskedPaths,
                    ReadonlyPaths = privileged ? [] : defaults.Linux.ReadonlyPaths,
                },
            };
            await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), SpecLoader.Serialize(spec), ct);
            return new ContainerRecord(id, name, request.Image!, DateTimeOffset.UtcNow, bundle, args, env, cwd, hostname, labels, policy)
            {
                ImageId = stored.Id,
                AutoRemove = host?.AutoRemove == true,
                Volumes = used,
                AnonymousVolumes = anonymous,
                Mounts = mountPoints,
                User = userText,
                Entrypoint = entrypoint.Count > 0 ? entrypoint : null,
                Cmd = cmd,
                Tty = request.Tty,
                OpenStdin = request.OpenStdin,
                StopSignal = request.StopSignal ?? config.StopSignal,
                HealthCheck = health,
                StopTimeout = request.StopTimeout,
                NetworkMode = plan.Mode,
                NetnsPath = plan.Kind == Networks.NetworkPlanKind.Bridge ? netnsPath : null,
            };
        }
        catch
        {
            // Nothing stays of a failed create: not the mount, the snapshot, the bundle, nor the volumes it made.
            Remove(id);
            foreach (var volume in madeVolumes) volumes.Remove(volume);
            throw;
        }
    }

    /// <summary>
    /// Removes the volumes made for the container alone (rm -v, --rm); a named volume stays, and so does an anonymous
    /// one another container still mounts (<paramref name="inUse"/>: a rolling update's old and new replica share it).
    /// </summary>
    public void RemoveAnonymousVolumes(ContainerRecord container, IReadOnlySet<string>? inUse = null)
    {
        foreach (var volume in container.AnonymousVolumes)
            if (inUse is null || !inUse.Contains(volume)) volumes.Remove(volume);
    }

    private static IReadOnlyList<string> BindOptions(MountRequest mount) =>
        ["rbind", .. mount.Options.Count > 0 ? mount.Options : ["rprivate"], mount.ReadOnly ? "ro" : "rw"];

    /// <summary>runc's defaults, less any the request mounts over; privileged containers get /sys read-write.</summary>
    private static IEnumerable<MountSpec> DefaultMounts(RuntimeSpec defaults, bool privileged, IReadOnlyList<MountSpec> requested) =>
        defaults.Mounts!
            .Where(m => !requested.Any(r => r.Destination == m.Destination))
            .Select(m => privileged && m.Destination is "/sys" or "/sys/fs/cgroup" ? m with { Options = [.. m.Options!.Where(o => o != "ro"), "rw"] } : m);

    /// <summary>
    /// /etc/hostname, /etc/hosts and /etc/resolv.conf as files of the bundle, bind-mounted. Without a network of its
    /// own yet, a container's hosts has localhost and its name; on the host's network it gets the host's files.
    /// </summary>
    private static IEnumerable<MountSpec> WriteNetworkFiles(string bundle, string hostname, bool hostNetwork, bool readOnly, IReadOnlySet<string> requested)
    {
        File.WriteAllText(Path.Combine(bundle, "hostname"), hostname + "\n");
        File.WriteAllText(Path.Combine(bundle, "hosts"), hostNetwork && File.Exists("/etc/hosts")
            ? File.ReadAllText("/etc/hosts")
            : $"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t{hostname}\n");
        File.WriteAllText(Path.Combine(bundle, "resolv.conf"), hostNetwork && File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "");
        foreach (var file in new[] { "hostname", "hosts", "resolv.conf" })
        {
            if (requested.Contains("/etc/" + file)) continue;
            yield return new MountSpec { Destination = "/etc/" + file, Type = "bind", Source = Path.Combine(bundle, file), Options = ["rbind", "rprivate", readOnly ? "ro" : "rw"] };
        }
    }

    /// <summary>
    /// A new volume starts with the image's content at its path, as Docker fills it. The path is followed only if no
    /// component of it is a symlink, so an image cannot point the copy outside its root.
    /// </summary>
    private static void CopyUp(string rootfs, string target, string data)
    {
        var path = rootfs;
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = Path.Combine(path, part);
            var info = new DirectoryInfo(path);
            if (!info.Exists || info.LinkTarget is not null) return;
        }
        if (!Directory.EnumerateFileSystemEntries(path).Any()) return;
        using var copy = Process.Start(new ProcessStartInfo("cp", ["-a", "--", path + "/.", data + "/"]) { RedirectStandardError = true })!;
        var error = copy.StandardError.ReadToEnd();
        copy.WaitForExit();
        if (copy.ExitCode != 0) throw new IOException($"copying the image's {target} into its volume failed: {error.Trim()}");
    }
}
