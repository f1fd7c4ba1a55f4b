using System.Collections.Concurrent;
using Akka.Actor;
using Bock.Api.Dtos;
using Bockrose.Stacks;

namespace Bockrose.Tests.Stacks;

/// <summary>
/// A daemon in memory for the stack actors' unit tests: containers with Docker's states, the events the real daemon
/// sends (start, die, restart, destroy, health_status) told to <see cref="Events"/>, a restart policy of "always"
/// played as the daemon's supervisor would, and a log of every call in order.
/// </summary>
public sealed class FakeStackRuntime : IStackRuntime
{
    private readonly ConcurrentDictionary<string, Entry> _containers = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private int _next;

    public sealed record Entry(StackContainer Container, string Project, ContainerCreateRequest Request);

    public IActorRef? Events { get; set; }

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Networks { get; } = new();

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Volumes { get; } = new();

    /// <summary>Images that "cannot be pulled".</summary>
    public HashSet<string> MissingImages { get; } = [];

    public IReadOnlyList<string> Calls => [.. _calls];

    public IReadOnlyList<Entry> Containers => [.. _containers.Values.OrderBy(e => e.Container.Name, StringComparer.Ordinal)];

    public Entry Named(string name) => _containers.Values.Single(e => e.Container.Name == name);

    public Task EnsureNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, bool isInternal, CancellationToken ct)
    {
        _calls.Enqueue($"network {name}");
        Networks.TryAdd(name, labels);
        return Task.CompletedTask;
    }

    public Task RemoveNetworkAsync(string name, CancellationToken ct)
    {
        _calls.Enqueue($"rmnetwork {name}");
        Networks.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    public Task EnsureVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        _calls.Enqueue($"volume {name}");
        Volumes.TryAdd(name, labels);
        return Task.CompletedTask;
    }

    public Task RemoveVolumeAsync(string name, CancellationToken ct)
    {
        _calls.Enqueue($"rmvolume {name}");
        Volumes.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    public Task<bool> EnsureImageAsync(string image, string pullPolicy, CancellationToken ct) =>
        MissingImages.Contains(image) ? throw new StackRuntimeException($"pull access denied for {image}") : Task.FromResult(false);

    /// <summary>Images in the store (only asked of build: services); a build adds its image.</summary>
    public ConcurrentDictionary<string, bool> StoredImages { get; } = new();

    /// <summary>Contexts whose build "fails" with this message.</summary>
    public ConcurrentDictionary<string, string> FailingBuilds { get; } = new();

    public Task<bool> HasImageAsync(string image, CancellationToken ct) => Task.FromResult(StoredImages.ContainsKey(image));

    public Task BuildImageAsync(string image, Compose.Model.BuildConfig build, Action<string> step, CancellationToken ct)
    {
        _calls.Enqueue($"build {image} {build.Context}");
        step("[1/1] FROM busybox");
        if (FailingBuilds.TryGetValue(build.Context, out var message)) throw new StackRuntimeException(message);
        StoredImages[image] = true;
        return Task.CompletedTask;
    }

    public Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken ct)
    {
        if (_containers.Values.Any(e => e.Container.Name == name))
            throw new StackRuntimeException($"Conflict. The container name \"/{name}\" is already in use");
        var id = $"id{Interlocked.Increment(ref _next):D4}";
        var labels = request.Labels!;
        _containers[id] = new Entry(Container(id, name, labels), labels[StackLabels.Project], request);
        // As bockd: a volume without a source is made for the container alone; one mounted by name stays anonymous.
        foreach (var mount in request.HostConfig?.Mounts ?? [])
            if (mount is { Type: "volume", Source: null or "" }) AnonymousVolumeNames[AnonymousName(id, mount.Target!)] = true;
        _calls.Enqueue($"create {name}");
        return Task.FromResult(id);
    }

    /// <summary>The anonymous volumes that exist, by name: made at a create, gone with a removal that says so.</summary>
    public ConcurrentDictionary<string, bool> AnonymousVolumeNames { get; } = new();

    private static string AnonymousName(string id, string target) => $"anon-{id}{target.Replace('/', '-')}";

    public Task<IReadOnlyList<AnonymousVolume>> AnonymousVolumesAsync(string id, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AnonymousVolume>>(_containers.TryGetValue(id, out var e) ? AnonymousOf(e) : []);

    private static List<AnonymousVolume> AnonymousOf(Entry e) =>
    [
        .. (e.Request.HostConfig?.Mounts ?? []).Where(m => m.Type == "volume")
            .Select(m => string.IsNullOrEmpty(m.Source) ? new AnonymousVolume(AnonymousName(e.Container.Id, m.Target!), m.Target!)
                : m.Source.StartsWith("anon-", StringComparison.Ordinal) ? new AnonymousVolume(m.Source, m.Target!) : null)
            .OfType<AnonymousVolume>(),
    ];

    public static StackContainer Container(string id, string name, IReadOnlyDictionary<string, string> labels) =>
        new(id, name, labels[StackLabels.Service], int.Parse(labels[StackLabels.ContainerNumber]), labels.GetValueOrDefault(StackLabels.ConfigHash, ""),
            labels[StackLabels.OneOff] == "True", "created", null, 0, 0);

    /// <summary>Puts a container in as a previous daemon would have left it (for reconcile tests).</summary>
    public void Add(string id, string project, StackContainer container, ContainerCreateRequest request) =>
        _containers[id] = new Entry(container, project, request);

    /// <summary>What a started container's health check says at once (null: "starting" until the test says otherwise).</summary>
    public string? HealthOnStart { get; set; }

    /// <summary>Like <see cref="HealthOnStart"/> for one container, by name; wins over it.</summary>
    public ConcurrentDictionary<string, string> HealthOnStartOf { get; } = new();

    public Task StartContainerAsync(string id, CancellationToken ct)
    {
        _calls.Enqueue($"start {Name(id)}");
        var health = HealthOnStartOf.TryGetValue(Name(id), out var own) ? own : HealthOnStart ?? "starting";
        Update(id, c => c with { State = "running", Health = HasHealthcheck(id) ? health : null }, "start");
        return Task.CompletedTask;
    }

    public Task StopContainerAsync(string id, int? timeoutSeconds, CancellationToken ct)
    {
        _calls.Enqueue($"stop {Name(id)}");
        Update(id, c => c with { State = "exited", ExitCode = 0 }, "die");
        return Task.CompletedTask;
    }

    public Task RestartContainerAsync(string id, int? timeoutSeconds, CancellationToken ct)
    {
        _calls.Enqueue($"restart {Name(id)}");
        Update(id, c => c with { State = "exited" }, "die");
        Update(id, c => c with { State = "running", Health = HasHealthcheck(id) ? "starting" : null, RestartCount = c.RestartCount + 1 }, "start");
        return Task.CompletedTask;
    }

    public Task KillContainerAsync(string id, string? signal, CancellationToken ct)
    {
        _calls.Enqueue($"kill {Name(id)}");
        Update(id, c => c with { State = "exited", ExitCode = 137 }, "die");
        return Task.CompletedTask;
    }

    public Task PauseContainerAsync(string id, CancellationToken ct)
    {
        _calls.Enqueue($"pause {Name(id)}");
        Update(id, c => c with { State = "paused" }, "pause");
        return Task.CompletedTask;
    }

    public Task UnpauseContainerAsync(string id, CancellationToken ct)
    {
        _calls.Enqueue($"unpause {Name(id)}");
        Update(id, c => c with { State = "running" }, "unpause");
        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string id, bool removeVolumes, CancellationToken ct)
    {
        _calls.Enqueue(removeVolumes ? $"rm -v {Name(id)}" : $"rm {Name(id)}");
        var anonymous = _containers.TryGetValue(id, out var e) ? AnonymousOf(e) : [];
        Destroy(id);
        var inUse = _containers.Values.SelectMany(AnonymousOf).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        if (removeVolumes)
            foreach (var volume in anonymous.Where(v => !inUse.Contains(v.Name))) AnonymousVolumeNames.TryRemove(volume.Name, out _);
        return Task.CompletedTask;
    }

    /// <summary>The stack files "written" by project, as the last write left them; a removed project's are gone. Only a
    /// write of some files, or a removal of some, is a call (most tests' stacks have none).</summary>
    public ConcurrentDictionary<string, IReadOnlyList<StackFile>> StackFiles { get; } = new();

    public string StackFilesDirectory(string project) => $"/bock-root/stack-files/{project}";

    public Task WriteStackFilesAsync(string project, IReadOnlyList<StackFile> files, CancellationToken ct)
    {
        if (files.Count == 0) return Task.CompletedTask;
        _calls.Enqueue($"files {project} {files.Count}");
        StackFiles[project] = files;
        return Task.CompletedTask;
    }

    public Task RemoveStackFilesAsync(string project, CancellationToken ct)
    {
        if (StackFiles.TryRemove(project, out _)) _calls.Enqueue($"rmfiles {project}");
        return Task.CompletedTask;
    }

    /// <summary>Container names whose probes fail; every other probe succeeds.</summary>
    public ConcurrentDictionary<string, bool> FailingProbes { get; } = new();

    public ConcurrentQueue<string> Probes { get; } = new();

    public Task<bool> ProbeAsync(string id, ProbeTarget target, TimeSpan timeout, CancellationToken ct)
    {
        var name = Name(id);
        Probes.Enqueue($"{name}:{target.Port}");
        return Task.FromResult(!FailingProbes.ContainsKey(name));
    }

    /// <summary>Replicas withheld from their service name (not ready), by name.</summary>
    public ConcurrentDictionary<string, bool> Withheld { get; } = new();

    public Task SetServingAsync(string id, bool serving, CancellationToken ct)
    {
        var name = Name(id);
        _calls.Enqueue($"{(serving ? "serve" : "withhold")} {name}");
        if (serving) Withheld.TryRemove(name, out _);
        else Withheld[name] = true;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StackContainer>> ListContainersAsync(string project, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StackContainer>>([.. _containers.Values.Where(e => e.Project == project).Select(e => e.Container)]);

    /// <summary>The container's process ends with <paramref name="code"/>; under restart: always the "daemon" restarts it after <paramref name="backoff"/>.</summary>
    public void Exit(string name, int code, TimeSpan? backoff = null)
    {
        var entry = Named(name);
        var always = entry.Request.HostConfig?.RestartPolicy?.Name is "always" or "unless-stopped";
        Update(entry.Container.Id, c => c with { State = always ? "restarting" : "exited", ExitCode = code }, "die");
        if (!always) return;
        _ = Task.Delay(backoff ?? TimeSpan.FromMilliseconds(50)).ContinueWith(_ =>
            Update(entry.Container.Id, c => c with { State = "running", Health = HasHealthcheck(c.Id) ? "starting" : null, RestartCount = c.RestartCount + 1 }, "start"));
    }

    public void SetHealth(string name, string health) => Update(Named(name).Container.Id, c => c with { Health = health }, $"health_status: {health}");

    /// <summary>Removed behind bockrose's back (docker rm -f).</summary>
    public void RemoveExternally(string name) => Destroy(Named(name).Container.Id);

    private void Destroy(string id)
    {
        if (!_containers.TryRemove(id, out var entry)) return;
        Events?.Tell(new StackContainerEvent(entry.Project, "destroy", entry.Container with { State = "removing" }));
    }

    private void Update(string id, Func<StackContainer, StackContainer> change, string action)
    {
        if (!_containers.TryGetValue(id, out var entry)) return;
        var after = entry with { Container = change(entry.Container) };
        _containers[id] = after;
        Events?.Tell(new StackContainerEvent(after.Project, action, after.Container));
    }

    private bool HasHealthcheck(string id) =>
        _containers.TryGetValue(id, out var e) && e.Request.Healthcheck?.Test is { Count: > 0 } test && test[0] != "NONE";

    private string Name(string id) => _containers.TryGetValue(id, out var e) ? e.Container.Name : id;
}
