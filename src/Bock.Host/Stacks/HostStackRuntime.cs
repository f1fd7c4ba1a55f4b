using Bock.Builder.Execution;
using Bock.Builder.Graph;
using Bock.Host.Builds;
using Bock.Host.Containers;
using Bock.Host.Images;
using Bock.Host.Networks;
using Bock.Host.Volumes;
using Bock.Images.Reference;
using Bockrose.Compose.Model;
using Bockrose.Stacks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bock.Host.Stacks;

/// <summary>
/// The stack actors' daemon: the same services the Docker endpoints use, so a stack's containers, networks and
/// volumes are ordinary ones (docker ps, inspect, logs see them). Their answers are Docker's results; a failure
/// becomes a <see cref="StackRuntimeException"/> with the daemon's message. The build service is asked for at the
/// first build (it needs bock-oci, which a daemon without builds may lack). Secret and config files are the
/// <see cref="StackFileStore"/>'s.
/// </summary>
internal sealed class HostStackRuntime(ContainerService containers, NetworkService networks, ContainerNetworking networking, VolumeStore volumes, ImageService images,
    Func<BuildService> builds, StackFileStore files) : IStackRuntime
{
    public async Task EnsureNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, bool isInternal, CancellationToken ct)
    {
        if (Status(await networks.InspectAsync(name, ct)) == StatusCodes.Status200OK) return;
        Check(await networks.CreateAsync(new NetworkCreateRequest { Name = name, Driver = "bridge", Internal = isInternal, Labels = labels }, ct), $"creating network {name}");
    }

    public async Task RemoveNetworkAsync(string name, CancellationToken ct)
    {
        var result = await networks.RemoveAsync(name, ct);
        if (Status(result) != StatusCodes.Status404NotFound) Check(result, $"removing network {name}");
    }

    public Task EnsureVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        if (volumes.Get(name) is null) volumes.Create(name, labels, anonymous: false);
        return Task.CompletedTask;
    }

    public Task RemoveVolumeAsync(string name, CancellationToken ct)
    {
        if (volumes.Get(name) is not null) volumes.Remove(name);
        return Task.CompletedTask;
    }

    public async Task<bool> EnsureImageAsync(string image, string pullPolicy, CancellationToken ct)
    {
        var present = images.Find(image) is not null;
        if (pullPolicy == "never" || (present && pullPolicy is not ("always" or "daily" or "weekly")))
            return present ? false : throw new StackRuntimeException($"image {image} is not present and the pull policy is never");
        if (present && pullPolicy != "always") return false;
        ImageReference reference;
        try
        {
            reference = ImageNames.Parse(image, null);
        }
        catch (Exception e) when (e is FormatException or InvalidReferenceException)
        {
            throw new StackRuntimeException($"invalid image reference {image}: {e.Message}");
        }
        // The pull's progress lines have no reader here: they go to a response nobody sends.
        var sink = new ProgressStream(new DefaultHttpContext().Response, ct);
        try
        {
            await images.PullAsync(reference, null, null, sink, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StackRuntimeException($"pulling {image} failed: {e.Message}");
        }
        finally
        {
            await sink.CompleteAsync();
        }
        return true;
    }

    public Task<bool> HasImageAsync(string image, CancellationToken ct) => Task.FromResult(images.Find(image) is not null);

    public async Task BuildImageAsync(string image, BuildConfig build, Action<string> step, CancellationToken ct)
    {
        if (build.DockerfileInline is not null) throw new StackRuntimeException("build.dockerfile_inline is not supported by Bock's builder yet");
        if (build.Context.Contains("://", StringComparison.Ordinal) || !Path.IsPathRooted(build.Context))
            throw new StackRuntimeException($"build context {build.Context}: only a local directory is supported");
        ImageReference tag;
        try
        {
            tag = ImageNames.Parse(image, null);
        }
        catch (Exception e) when (e is FormatException or InvalidReferenceException)
        {
            throw new StackRuntimeException($"invalid image reference {image}: {e.Message}");
        }
        var options = new BuildOptions
        {
            Tags = [tag],
            // The builder reads the spec relative to its context; compose allows it absolute.
            Dockerfile = Path.IsPathRooted(build.Dockerfile) ? Path.GetRelativePath(build.Context, build.Dockerfile) : build.Dockerfile,
            // An arg without a value takes the environment's in compose; that was resolved at load, or it stays unset.
            BuildArgs = build.Args.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal),
            Labels = build.Labels,
            Target = build.Target,
            NoCache = build.NoCache ?? false,
            Pull = build.Pull ?? false,
        };
        try
        {
            await builds().BuildDirectoryAsync(options, build.Context, new StepReporter(step), ct);
        }
        catch (Exception e) when (e is BuildFailedException or BuildSpecException or IOException or FormatException or InvalidDataException
                                      or UnauthorizedAccessException or InvalidOperationException
                                      or Bock.Images.Registry.RegistryException or Bock.Images.Store.ImageNotFoundException)
        {
            throw new StackRuntimeException(e.Message);
        }
    }

    /// <summary>A stack's up shows each step as it starts (or is cached); the steps' output lines are left out.</summary>
    private sealed class StepReporter(Action<string> step) : IBuildObserver
    {
        public void Step(StepProgress progress)
        {
            if (progress.Status is "started" or "cached")
                step($"[{(progress.Stage.Length > 0 ? progress.Stage + " " : "")}{progress.Index}/{progress.Count}] {progress.Name}{(progress.Status == "cached" ? " CACHED" : "")}");
        }

        public void Log(int vertex, string line)
        {
        }
    }

    public async Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken ct)
    {
        var result = await containers.CreateAsync(name, request, ct);
        Check(result, $"creating container {name}");
        return result is JsonHttpResult<ContainerCreateResponse> { Value: { } created } ? created.Id : throw new StackRuntimeException($"creating container {name}: no id in the answer");
    }

    public async Task StartContainerAsync(string id, CancellationToken ct) => Check(await containers.StartAsync(id, ct), $"starting {id[..12]}");

    public async Task StopContainerAsync(string id, int? timeoutSeconds, CancellationToken ct) =>
        Check(await containers.StopAsync(id, timeoutSeconds, ct), $"stopping {id[..12]}");

    public async Task RestartContainerAsync(string id, int? timeoutSeconds, CancellationToken ct) =>
        Check(await containers.RestartAsync(id, timeoutSeconds, ct), $"restarting {id[..12]}");

    public async Task KillContainerAsync(string id, string? signal, CancellationToken ct)
    {
        var result = await containers.KillAsync(id, signal, ct);
        if (Status(result) != StatusCodes.Status409Conflict) Check(result, $"killing {id[..12]}"); // not running: nothing to kill
    }

    public async Task PauseContainerAsync(string id, CancellationToken ct) => Check(await containers.PauseAsync(id, ct), $"pausing {id[..12]}");

    public async Task UnpauseContainerAsync(string id, CancellationToken ct) => Check(await containers.UnpauseAsync(id, ct), $"unpausing {id[..12]}");

    public async Task RemoveContainerAsync(string id, bool removeVolumes, CancellationToken ct)
    {
        var result = await containers.RemoveAsync(id, force: true, ct, removeVolumes);
        if (Status(result) != StatusCodes.Status404NotFound) Check(result, $"removing {id[..12]}");
    }

    public async Task<IReadOnlyList<AnonymousVolume>> AnonymousVolumesAsync(string id, CancellationToken ct)
    {
        if (await containers.ResolveAsync(id, ct) is not { } c) return [];
        if (c.Mounts.Count > 0 || c.AnonymousVolumes.Count == 0)
            return [.. c.Mounts.Where(m => m is { Type: "volume", Anonymous: true, Name: not null }).Select(m => new AnonymousVolume(m.Name!, m.Destination))];
        // A record of a bockd before Mounts: where each anonymous volume is mounted is in the bundle's config.json.
        try
        {
            var spec = Bock.Kernel.Spec.SpecLoader.LoadBundle(c.BundlePath);
            return [.. c.AnonymousVolumes.SelectMany(name => (spec.Mounts ?? []).Where(m => m.Source == volumes.DataPath(name)).Select(m => new AnonymousVolume(name, m.Destination)))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Bock.Kernel.Spec.SpecException)
        {
            return [];
        }
    }

    public string StackFilesDirectory(string project) => files.DirectoryOf(project);

    public Task WriteStackFilesAsync(string project, IReadOnlyList<StackFile> stackFiles, CancellationToken ct)
    {
        try
        {
            files.Write(project, stackFiles);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Bock.Kernel.Native.KernelException)
        {
            throw new StackRuntimeException($"writing the secret and config files of {project}: {e.Message}");
        }
        return Task.CompletedTask;
    }

    public Task RemoveStackFilesAsync(string project, CancellationToken ct)
    {
        try
        {
            files.Remove(project);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StackRuntimeException($"removing the secret and config files of {project}: {e.Message}");
        }
        return Task.CompletedTask;
    }

    public async Task<bool> ProbeAsync(string id, ProbeTarget target, TimeSpan timeout, CancellationToken ct) =>
        await containers.ResolveAsync(id, ct) is { State: "running" } c && (c.NetnsPath is not null || c.NetworkMode == "host")
            && await NamespaceProbe.RunAsync(c.NetnsPath, target, timeout, ct);

    public Task SetServingAsync(string id, bool serving, CancellationToken ct) => networking.ServeAliasesAsync(id, serving, ct);

    public async Task<IReadOnlyList<StackContainer>> ListContainersAsync(string project, CancellationToken ct) =>
        [.. (await containers.ListAsync(ct)).Where(c => c.Labels.GetValueOrDefault(StackLabels.Project) == project).Select(ToStack).OfType<StackContainer>()];

    /// <summary>The stack's view of a container: null when it carries no compose labels.</summary>
    public static StackContainer? ToStack(ContainerRecord c) =>
        c.Labels.TryGetValue(StackLabels.Service, out var service) && c.Labels.ContainsKey(StackLabels.Project)
            ? new StackContainer(c.Id, c.Name, service,
                int.TryParse(c.Labels.GetValueOrDefault(StackLabels.ContainerNumber), out var n) ? n : 0,
                c.Labels.GetValueOrDefault(StackLabels.ConfigHash) ?? "",
                string.Equals(c.Labels.GetValueOrDefault(StackLabels.OneOff), "True", StringComparison.OrdinalIgnoreCase),
                c.State, c.Health, c.ExitCode, c.RestartCount)
            : null;

    private static int Status(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;

    private static void Check(IResult result, string what)
    {
        if (Status(result) < 400) return;
        var reason = result is JsonHttpResult<ApiError> { Value: { } error } ? error.Message : $"status {Status(result)}";
        throw new StackRuntimeException($"{what}: {reason}");
    }
}
