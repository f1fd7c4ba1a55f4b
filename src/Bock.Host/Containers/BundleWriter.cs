using Bock.Actors.Kernel;
using Bock.Actors.Containers;
using Bock.Host.Images;
using Bock.Host.Volumes;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

/// <summary>
/// Turns a create request into a container's own OCI bundle (<c>&lt;containers&gt;/&lt;id&gt;/config.json</c>). The
/// request's Image names a stored image (see BundleWriter.Image.cs: an overlay root of its own at
/// <c>&lt;id&gt;/rootfs</c>), or, as an absolute path, a local bundle (its config.json is the base) or a bare rootfs
/// directory (runc's default spec is), used in place.
/// </summary>
public sealed partial class BundleWriter(string containersDirectory, ImageService images, VolumeStore volumes, IRootfsMounter mounter)
{
    /// <exception cref="FileNotFoundException">Image names no directory.</exception>
    /// <exception cref="FormatException">The request or the base bundle is invalid.</exception>
    public ContainerRecord WriteFromPath(string id, string name, ContainerCreateRequest request, RestartPolicy policy)
    {
        var image = request.Image ?? "";
        if (!Path.IsPathFullyQualified(image) || !Directory.Exists(image))
            throw new FileNotFoundException($"No such image: {image} (until images are supported, Image must be the absolute path of an OCI bundle or rootfs directory)");
        RuntimeSpec spec;
        string rootfs;
        var readOnly = false;
        if (File.Exists(Path.Combine(image, "config.json")))
        {
            try
            {
                spec = SpecLoader.LoadBundle(image);
            }
            catch (SpecException e)
            {
                throw new FormatException(e.Message);
            }
            rootfs = Path.GetFullPath(spec.Root?.Path ?? "rootfs", image);
            readOnly = spec.Root?.Readonly ?? false;
        }
        else
        {
            // runc's default "sh" is a placeholder, not a command this rootfs asked for: Cmd is required.
            spec = DefaultSpec.Create();
            spec = spec with { Process = spec.Process! with { Args = [] } };
            rootfs = image;
        }
        var process = spec.Process ?? DefaultSpec.Create().Process!;
        var args = request.Cmd is { Count: > 0 } cmd ? cmd : process.Args ?? [];
        if (args.Count == 0)
            throw new FormatException("No command specified");
        var env = MergeEnv(process.Env ?? [], request.Env ?? []);
        var cwd = string.IsNullOrEmpty(request.WorkingDir) ? process.Cwd : request.WorkingDir;
        if (!cwd.StartsWith('/'))
            throw new FormatException($"the working directory '{cwd}' is invalid, it needs to be an absolute path");
        var hostname = string.IsNullOrEmpty(request.Hostname) ? id[..12] : request.Hostname;
        spec = spec with
        {
            // A detached container has no terminal; attach is not there yet.
            Process = process with { Terminal = false, Args = args, Env = env, Cwd = cwd },
            Root = new RootSpec { Path = rootfs, Readonly = readOnly },
            Hostname = hostname,
            Linux = (spec.Linux ?? new LinuxSpec()) with { CgroupsPath = $"/bock/{id}" },
        };
        var bundle = Path.Combine(containersDirectory, id);
        Directory.CreateDirectory(bundle);
        File.WriteAllText(Path.Combine(bundle, "config.json"), SpecLoader.Serialize(spec));
        return new ContainerRecord(id, name, image, DateTimeOffset.UtcNow, bundle, args, env, cwd, hostname,
            request.Labels ?? new Dictionary<string, string>(), policy)
        {
            HealthCheck = HealthCheckMerge.Merge(request.Healthcheck, null),
        };
    }

    /// <summary>
    /// Removes what <see cref="WriteFromPath"/> or <see cref="WriteFromImageAsync"/> made and the container's log: the overlay
    /// is unmounted and its snapshot removed first, and a root that stays mounted keeps the bundle (never delete
    /// through a mount).
    /// </summary>
    /// <exception cref="IOException">The root could not be unmounted.</exception>
    public void Remove(string id)
    {
        var bundle = Path.Combine(containersDirectory, id);
        var rootfs = Path.Combine(bundle, "rootfs");
        mounter.Unmount(rootfs);
        if (mounter.IsMounted(rootfs)) throw new IOException($"{rootfs} is still mounted: the container's files are kept");
        images.Store.Snapshots.RemoveActive(id);
        if (Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true); // the shim's log goes with it
    }

    /// <summary>How the shim holds stdin: open for <c>-i</c>, closed at the first client's EOF for StdinOnce (<c>docker run -i</c>).</summary>
    private static Dictionary<string, string>? IoAnnotations(ContainerCreateRequest request)
    {
        if (!request.OpenStdin) return null;
        var annotations = new Dictionary<string, string> { [ContainerIoFlags.OpenStdinAnnotation] = "true" };
        if (request.StdinOnce) annotations[ContainerIoFlags.StdinOnceAnnotation] = "true";
        return annotations;
    }

    /// <summary>The request's variables replace the base's of the same name, as Docker's do over the image's.</summary>
    private static IReadOnlyList<string> MergeEnv(IReadOnlyList<string> baseEnv, IReadOnlyList<string> overrides)
    {
        static string Key(string variable) => variable.IndexOf('=') is var eq and >= 0 ? variable[..eq] : variable;
        var merged = baseEnv.ToList();
        foreach (var variable in overrides)
        {
            var index = merged.FindIndex(v => Key(v) == Key(variable));
            if (index >= 0) merged[index] = variable;
            else merged.Add(variable);
        }
        return merged;
    }
}
