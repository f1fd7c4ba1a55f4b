using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Bock.Api.Dtos;
using Bockrose.Compose;
using Bockrose.Compose.Model;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Stacks;

/// <summary>
/// One compose project: a <see cref="ServiceActor"/> per service, the project's networks and volumes. Operations run
/// one at a time, each as a task outside the actor (it asks the service actors, which keep answering container
/// events meanwhile); services start in dependency order, each after its depends_on conditions hold, independent
/// ones in parallel, and stop in reverse. A dependency that restarts on its own restarts its <c>restart: true</c>
/// dependants once its condition holds again.
/// </summary>
public sealed class StackActor : ReceiveActor
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(10);

    private readonly string _name;
    private readonly IStackRuntime _runtime;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _services = new(StringComparer.Ordinal);
    private readonly Queue<(object Message, IActorRef Sender)> _queue = new();
    private StackDefinition? _definition;
    private IReadOnlyList<StackFile> _files = [];
    private bool _busy;

    private sealed record Finished(object Reply, IActorRef ReplyTo, bool Gone);

    public StackActor(string name, IStackRuntime runtime)
    {
        _name = name;
        _runtime = runtime;
        Receive<Up>(Enqueue);
        Receive<Down>(Enqueue);
        Receive<StackProtocol.Act>(Enqueue);
        Receive<Scale>(Enqueue);
        Receive<Run>(Enqueue);
        Receive<Finished>(f =>
        {
            _busy = false;
            if (f.Gone)
            {
                Context.Parent.Tell(new StackDirectory.Forget(_name) { Answer = (f.Reply, f.ReplyTo) });
                Context.Stop(Self);
                return;
            }
            f.ReplyTo.Tell(f.Reply);
            if (_queue.TryDequeue(out var next)) Start(next.Message, next.Sender);
        });
        Receive<GetStack>(_ => DetailAsync().PipeTo(Sender));
        Receive<StackContainerEvent>(e =>
        {
            if (_services.TryGetValue(e.Container.Service, out var service)) service.Forward(e);
        });
        Receive<ReplicaRestarted>(OnReplicaRestarted);
    }

    public static Props Props(string name, IStackRuntime runtime) => Akka.Actor.Props.Create(() => new StackActor(name, runtime));

    private void Enqueue(object message)
    {
        if (_busy) _queue.Enqueue((message, Sender));
        else Start(message, Sender);
    }

    private void Start(object message, IActorRef sender)
    {
        _busy = true;
        var gone = message is Down;
        // The actor's state is read and changed here, in the actor; the work itself runs outside it.
        Func<Task<object>> work;
        try
        {
            work = Work(message);
        }
        catch (StackRuntimeException e)
        {
            // A secret or config that cannot be had: refused before anything is adopted or created.
            work = () => Task.FromResult<object>(new OperationDone(e.Message));
        }
        Task.Run(async () =>
        {
            try
            {
                return await work();
            }
            catch (Exception e)
            {
                return new OperationDone(e is AggregateException { InnerException: { } inner } ? inner.Message : e.Message);
            }
        }).ContinueWith(t => new Finished(t.Result, sender, gone && t.Result is OperationDone { Error: null }), TaskScheduler.Default).PipeTo(Self);
    }

    private Func<Task<object>> Work(object message)
    {
        Func<Task<object>> work;
        switch (message)
        {
            case Up up:
                var upServices = Adopt(up.Definition);
                work = () => RemovingFilesOnFailureAsync(() => UpAsync(upServices, up.Options, up.Progress, up.Reconcile));
                break;
            case Down down:
                work = () => DownAsync(down.Options, down.Progress);
                break;
            case StackProtocol.Act act:
                work = () => ActAsync(act);
                break;
            case Scale scale when _definition is { } current && scale.Replicas.Keys.All(current.Project.Services.ContainsKey):
                var merged = new Dictionary<string, int>(current.Scale, StringComparer.Ordinal);
                foreach (var (service, n) in scale.Replicas) merged[service] = n;
                var scaled = Adopt(current with { Scale = merged }, planned: true);
                work = () => UpAsync(scaled, new StackUpRequest { Project = current.Request, Services = [.. scale.Replicas.Keys], NoDeps = true }, scale.Progress);
                break;
            case Scale scale:
                work = () => Task.FromResult<object>(_definition is null
                    ? new OperationDone($"no such stack: {_name}", NotFound: true)
                    : new OperationDone($"no such service: {string.Join(", ", scale.Replicas.Keys)}"));
                break;
            case Run run:
                var runServices = Adopt(run.Definition with { Scale = _definition?.Scale ?? run.Definition.Scale });
                work = () => RemovingFilesOnFailureAsync(() => RunAsync(runServices, run.Options, run.Progress));
                break;
            default:
                throw new InvalidOperationException(message.GetType().Name);
        }
        return work;
    }

    /// <summary>
    /// Takes the definition as the stack's desired state (persisted by the directory) and makes its service actors.
    /// Its secrets and configs are planned as files first (<paramref name="planned"/>: the stack's own definition,
    /// already planned); one that cannot be had throws, and nothing is adopted.
    /// </summary>
    private IReadOnlyDictionary<string, IActorRef> Adopt(StackDefinition definition, bool planned = false)
    {
        definition = definition with { Project = ServiceImages.WithBuildTags(definition.Project) };
        if (!planned)
        {
            var files = StackFiles.Plan(definition.Project, definition.FileVariables, _runtime.StackFilesDirectory(_name));
            definition = definition with { Project = files.Project };
            _files = files.Files;
        }
        _definition = definition;
        Context.Parent.Tell(new StackDirectory.Persist(definition.ToStored()));
        foreach (var name in definition.Project.Services.Keys)
            if (!_services.ContainsKey(name))
                _services[name] = Context.ActorOf(ServiceActor.Props(name, _runtime), Uri.EscapeDataString(name));
        return _services.ToDictionary(StringComparer.Ordinal);
    }

    private async Task<object> UpAsync(IReadOnlyDictionary<string, IActorRef> services, StackUpRequest options, Action<StackProgress> progress, bool reconcile = false)
    {
        var definition = _definition!;
        var project = definition.Project;
        var selected = Selected(project, options.Services, options.NoDeps);
        // Bock's probes are checked, then images built and had, before anything is created: any failing fails up cleanly.
        foreach (var service in selected.Select(s => project.Services[s])) BockProbes.Of(service);
        var rebuilt = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in selected.Select(s => project.Services[s]))
            if (await ServiceImages.EnsureBuiltAsync(_runtime, service, options.Build, progress))
                rebuilt.Add(service.Name);
        foreach (var service in selected.Select(s => project.Services[s]))
        {
            if (service.Image is not { } image) throw new StackRuntimeException($"service \"{service.Name}\" has neither image nor build");
            var policy = ServiceImages.PullPolicy(service, options.Pull);
            if (policy == "always") progress(new StackProgress { Resource = "image", Name = image, Status = "Pulling" });
            if (await _runtime.EnsureImageAsync(image, policy, CancellationToken.None))
                progress(new StackProgress { Resource = "image", Name = image, Status = "Pulled" });
        }
        await EnsureResourcesAsync(project, selected, progress);
        await _runtime.WriteStackFilesAsync(_name, _files, CancellationToken.None);
        var started = new Dictionary<string, Task>(StringComparer.Ordinal);
        foreach (var name in DependencyOrder.StartOrder(project).Where(selected.Contains))
        {
            var service = project.Services[name];
            var dependencies = service.DependsOn.Where(d => selected.Contains(d.Key)).Select(d => (d.Key, d.Value, started[d.Key])).ToList();
            // A freshly built image is a new image under the same name: its replicas are recreated, as compose does.
            var serviceOptions = rebuilt.Contains(name) ? options with { ForceRecreate = true } : options;
            started[name] = StartServiceAsync(services, definition, service, dependencies, serviceOptions, progress, reconcile);
        }
        await Task.WhenAll(started.Values);
        if (options.RemoveOrphans)
            foreach (var orphan in (await _runtime.ListContainersAsync(_name, CancellationToken.None)).Where(c => !c.OneOff && !project.Services.ContainsKey(c.Service)))
            {
                progress(new StackProgress { Resource = "container", Name = orphan.Name, Status = "Removing" });
                await _runtime.RemoveContainerAsync(orphan.Id, removeVolumes: false, CancellationToken.None);
                progress(new StackProgress { Resource = "container", Name = orphan.Name, Status = "Removed" });
            }
        if (options.Wait)
            await Task.WhenAll(selected.Select(async name =>
            {
                var service = project.Services[name];
                // A one-shot that others wait to complete is waited for to complete, not to run (it has exited).
                var oneShot = selected.Any(other => project.Services[other].DependsOn.TryGetValue(name, out var d) && d.Condition == "service_completed_successfully");
                var condition = oneShot ? "service_completed_successfully" : HasHealthcheck(service) ? "service_healthy" : "service_started";
                progress(Progress(name, "Waiting"));
                await services[name].Ask<ServiceProtocol.Done>(new ServiceProtocol.WaitFor(condition), WaitTimeout);
                progress(Progress(name, condition switch { "service_healthy" => "Healthy", "service_completed_successfully" => "Exited", _ => "Running" }));
            }));
        return new OperationDone(null);
    }

    private static async Task StartServiceAsync(IReadOnlyDictionary<string, IActorRef> services, StackDefinition definition, Service service,
        IReadOnlyList<(string Name, ServiceDependency Dependency, Task Started)> dependencies, StackUpRequest options, Action<StackProgress> progress, bool reconcile)
    {
        foreach (var (name, dependency, started) in dependencies)
        {
            await started;
            if (dependency.Condition == "service_started") continue;
            progress(Progress(name, "Waiting"));
            try
            {
                await services[name].Ask<ServiceProtocol.Done>(new ServiceProtocol.WaitFor(dependency.Condition), WaitTimeout);
                progress(Progress(name, dependency.Condition == "service_healthy" ? "Healthy" : "Exited"));
            }
            catch (Exception e) when (!dependency.Required)
            {
                progress(new StackProgress { Resource = "service", Name = name, Status = "Error", Message = $"optional dependency of {service.Name}: {e.Message}" });
            }
        }
        await services[service.Name].Ask<ServiceProtocol.Done>(new ServiceProtocol.Converge(definition.Project, service, definition.ReplicasOf(service),
            options.ForceRecreate, options.Pull, definition.ConfigFiles, progress) { KeepExited = reconcile }, WaitTimeout);
    }

    private async Task EnsureResourcesAsync(Project project, IReadOnlySet<string> selected, Action<StackProgress> progress)
    {
        var networks = selected.SelectMany(s => project.Services[s].NetworkMode is null ? project.Services[s].Networks.Keys : []).ToHashSet(StringComparer.Ordinal);
        foreach (var key in networks.Order(StringComparer.Ordinal))
        {
            if (!project.Networks.TryGetValue(key, out var network) || network.External) continue;
            var labels = new Dictionary<string, string>(network.Labels, StringComparer.Ordinal)
            {
                [StackLabels.Project] = _name,
                [StackLabels.Network] = key,
                [StackLabels.Version] = StackLabels.ComposeVersion,
            };
            await _runtime.EnsureNetworkAsync(network.Name, labels, network.Internal ?? false, CancellationToken.None);
            progress(new StackProgress { Resource = "network", Name = network.Name, Status = "Created" });
        }
        var volumes = selected.SelectMany(s => project.Services[s].Volumes).Where(v => v.Type == "volume" && v.Source is not null)
            .Select(v => v.Source!).ToHashSet(StringComparer.Ordinal);
        foreach (var key in volumes.Order(StringComparer.Ordinal))
        {
            if (!project.Volumes.TryGetValue(key, out var volume) || volume.External) continue;
            var labels = new Dictionary<string, string>(volume.Labels, StringComparer.Ordinal)
            {
                [StackLabels.Project] = _name,
                [StackLabels.Volume] = key,
                [StackLabels.Version] = StackLabels.ComposeVersion,
            };
            await _runtime.EnsureVolumeAsync(volume.Name, labels, CancellationToken.None);
            progress(new StackProgress { Resource = "volume", Name = volume.Name, Status = "Created" });
        }
    }

    private async Task<object> DownAsync(StackDownRequest options, Action<StackProgress> progress)
    {
        if (_definition is { } definition)
        {
            foreach (var name in DependencyOrder.StopOrder(definition.Project))
                if (_services.TryGetValue(name, out var service))
                    await service.Ask<ServiceProtocol.Done>(new ServiceProtocol.Act("down", options.Timeout, null, progress) { RemoveVolumes = options.Volumes }, WaitTimeout);
        }
        // What no service actor owns: one-off containers, orphans, a stack known only by its labels.
        foreach (var left in await _runtime.ListContainersAsync(_name, CancellationToken.None))
        {
            progress(new StackProgress { Resource = "container", Name = left.Name, Status = "Removing" });
            await _runtime.RemoveContainerAsync(left.Id, options.Volumes, CancellationToken.None);
            progress(new StackProgress { Resource = "container", Name = left.Name, Status = "Removed" });
        }
        await _runtime.RemoveStackFilesAsync(_name, CancellationToken.None);
        var networks = _definition?.Project.Networks.Values.Where(n => !n.External).Select(n => n.Name).ToList() ?? [$"{_name}_default"];
        foreach (var network in networks)
        {
            progress(new StackProgress { Resource = "network", Name = network, Status = "Removing" });
            await _runtime.RemoveNetworkAsync(network, CancellationToken.None);
            progress(new StackProgress { Resource = "network", Name = network, Status = "Removed" });
        }
        if (options.Volumes && _definition is not null)
            foreach (var volume in _definition.Project.Volumes.Values.Where(v => !v.External))
            {
                progress(new StackProgress { Resource = "volume", Name = volume.Name, Status = "Removing" });
                await _runtime.RemoveVolumeAsync(volume.Name, CancellationToken.None);
                progress(new StackProgress { Resource = "volume", Name = volume.Name, Status = "Removed" });
            }
        return new OperationDone(null);
    }

    private async Task<object> ActAsync(StackProtocol.Act act)
    {
        if (_definition is not { } definition) return new OperationDone($"no such stack: {_name}", NotFound: true);
        var unknown = act.Options.Services.Where(s => !definition.Project.Services.ContainsKey(s)).ToList();
        if (unknown.Count > 0) return new OperationDone($"no such service: {string.Join(", ", unknown)}");
        var forward = act.Action is "start" or "restart" or "unpause";
        var order = forward ? DependencyOrder.StartOrder(definition.Project) : DependencyOrder.StopOrder(definition.Project);
        foreach (var name in order.Where(s => act.Options.Services.Count == 0 || act.Options.Services.Contains(s)))
        {
            if (act.Action == "rm") await RemoveReplicasAsync(name, act);
            else await _services[name].Ask<ServiceProtocol.Done>(new ServiceProtocol.Act(act.Action, act.Options.Timeout, act.Options.Signal, act.Progress), WaitTimeout);
        }
        return new OperationDone(null);
    }

    /// <summary>
    /// rm removes stopped replicas, as compose's does (rm -s has stopped them first): a service with a running one is
    /// left alone. Its service actor is told to stop, which only ends its healing (nothing runs), then the replicas
    /// are removed here, with their anonymous volumes only when rm -v asked (Docker's DELETE /containers/{id}?v=1).
    /// </summary>
    private async Task RemoveReplicasAsync(string service, StackProtocol.Act act)
    {
        var replicas = (await _runtime.ListContainersAsync(_name, CancellationToken.None)).Where(c => c.Service == service && !c.OneOff)
            .OrderByDescending(c => c.Number).ToList();
        if (replicas.Count == 0 || replicas.Any(c => c.State == "running")) return;
        await _services[service].Ask<ServiceProtocol.Done>(new ServiceProtocol.Act("stop", act.Options.Timeout, null, act.Progress), WaitTimeout);
        foreach (var replica in replicas)
        {
            act.Progress(new StackProgress { Resource = "container", Name = replica.Name, Status = "Removing" });
            await _runtime.RemoveContainerAsync(replica.Id, act.Options.Volumes ?? false, CancellationToken.None);
            act.Progress(new StackProgress { Resource = "container", Name = replica.Name, Status = "Removed" });
        }
    }

    /// <summary>A failed up or run leaves no secret or config file behind, unless a container of the project still mounts it.</summary>
    private async Task<object> RemovingFilesOnFailureAsync(Func<Task<object>> operation)
    {
        object result;
        try
        {
            result = await operation();
        }
        catch
        {
            await RemoveUnusedFilesAsync();
            throw;
        }
        if (result is OperationDone { Error: not null }) await RemoveUnusedFilesAsync();
        return result;
    }

    private async Task RemoveUnusedFilesAsync()
    {
        try
        {
            if ((await _runtime.ListContainersAsync(_name, CancellationToken.None)).Count == 0)
                await _runtime.RemoveStackFilesAsync(_name, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.Warning("removing the files of {0} after a failed operation: {1}", _name, e.Message);
        }
    }

    private async Task<object> RunAsync(IReadOnlyDictionary<string, IActorRef> services, StackRunRequest options, Action<StackProgress> progress)
    {
        var project = _definition!.Project;
        if (!project.Services.TryGetValue(options.Service, out var service)) return new OperationDone($"no such service: {options.Service}");
        var dependencies = options.NoDeps ? [] : Selected(project, [options.Service], noDeps: false).Where(s => s != options.Service).ToList();
        if (dependencies.Count > 0)
        {
            var up = await UpAsync(services, new StackUpRequest { Project = _definition.Request, Services = dependencies, NoDeps = true }, progress);
            if (up is OperationDone { Error: not null }) return up;
            foreach (var (name, dependency) in service.DependsOn.Where(d => d.Value.Condition != "service_started"))
                await services[name].Ask<ServiceProtocol.Done>(new ServiceProtocol.WaitFor(dependency.Condition), WaitTimeout);
        }
        else
        {
            await EnsureResourcesAsync(project, new HashSet<string>([options.Service], StringComparer.Ordinal), progress);
        }
        var image = service.Image ?? throw new StackRuntimeException($"service \"{service.Name}\" has neither image nor build");
        await ServiceImages.EnsureBuiltAsync(_runtime, service, always: false, progress);
        await _runtime.EnsureImageAsync(image, ServiceImages.PullPolicy(service, "missing"), CancellationToken.None);
        await _runtime.WriteStackFilesAsync(_name, _files, CancellationToken.None);
        var body = ServiceContainerMapper.Map(project, service, image);
        var containerName = options.Name ?? $"{_name}-{service.Name}-run-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        var labels = new SortedDictionary<string, string>((body.Labels ?? new Dictionary<string, string>()).ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal)
        {
            [StackLabels.Project] = _name,
            [StackLabels.Service] = service.Name,
            [StackLabels.OneOff] = "True",
            [StackLabels.ContainerNumber] = "1",
            [StackLabels.WorkingDir] = project.WorkingDirectory,
            [StackLabels.ConfigFiles] = string.Join(',', _definition.ConfigFiles),
            [StackLabels.Version] = StackLabels.ComposeVersion,
            [StackLabels.Image] = image,
        };
        var request = body with
        {
            Labels = labels,
            Cmd = options.Command is { } command ? command : body.Cmd,
            Entrypoint = options.Entrypoint ?? body.Entrypoint,
            Env = [.. body.Env ?? [], .. options.Environment ?? []],
            User = options.User ?? body.User,
            WorkingDir = options.Workdir ?? body.WorkingDir,
            Tty = options.Tty ?? true,
            OpenStdin = options.Interactive ?? true,
            AttachStdin = options.Interactive ?? true,
            AttachStdout = true,
            AttachStderr = true,
            // A one-off is not a replica: no restart policy, no published ports (compose's run without --service-ports).
            HostConfig = body.HostConfig! with { RestartPolicy = null, PortBindings = null, AutoRemove = options.Rm },
        };
        var id = await _runtime.CreateContainerAsync(containerName, request, CancellationToken.None);
        progress(new StackProgress { Resource = "container", Name = containerName, Status = "Created" });
        return new OneOffCreated(id);
    }

    private void OnReplicaRestarted(ReplicaRestarted restarted)
    {
        if (_definition is not { } definition || !_services.TryGetValue(restarted.Service, out var dependency)) return;
        foreach (var dependant in definition.Project.Services.Values.Where(s => s.DependsOn.TryGetValue(restarted.Service, out var d) && d.Restart))
        {
            var condition = dependant.DependsOn[restarted.Service].Condition;
            var target = _services[dependant.Name];
            var log = _log;
            _ = Task.Run(async () =>
            {
                try
                {
                    // After the dependency is back (healthy, if that is what the dependant waits for), not before.
                    await dependency.Ask<ServiceProtocol.Done>(new ServiceProtocol.WaitFor(condition), WaitTimeout);
                    await target.Ask<ServiceProtocol.Done>(new ServiceProtocol.Act("restart", null, null, NoProgress), WaitTimeout);
                    log.Info("restarted {0} after its dependency {1} restarted", dependant.Name, restarted.Service);
                }
                catch (Exception e)
                {
                    log.Warning("restarting {0} after {1} failed: {2}", dependant.Name, restarted.Service, e.Message);
                }
            });
        }
    }

    private async Task<object> DetailAsync()
    {
        if (_definition is not { } definition) return new OperationDone($"no such stack: {_name}", NotFound: true);
        var statuses = await Task.WhenAll(definition.Project.Services.Keys.Where(_services.ContainsKey)
            .Select(name => _services[name].Ask<ServiceStatus>(ServiceProtocol.GetStatus.Instance, TimeSpan.FromSeconds(10))));
        return new StackDetail
        {
            Name = _name,
            WorkingDir = definition.Project.WorkingDirectory,
            ConfigFiles = definition.ConfigFiles,
            Services = statuses,
        };
    }

    /// <summary>The services asked for (all when none) and, unless --no-deps, every service they depend on.</summary>
    private static IReadOnlySet<string> Selected(Project project, IReadOnlyList<string> asked, bool noDeps)
    {
        var unknown = asked.Where(s => !project.Services.ContainsKey(s)).ToList();
        if (unknown.Count > 0) throw new StackRuntimeException($"no such service: {string.Join(", ", unknown)}");
        if (asked.Count == 0) return project.Services.Keys.ToHashSet(StringComparer.Ordinal);
        var selected = new HashSet<string>(asked, StringComparer.Ordinal);
        if (noDeps) return selected;
        var pending = new Stack<string>(asked);
        while (pending.TryPop(out var name))
            foreach (var dependency in project.Services[name].DependsOn.Keys)
                if (project.Services.ContainsKey(dependency) && selected.Add(dependency)) pending.Push(dependency);
        return selected;
    }

    private static bool HasHealthcheck(Service s) =>
        s.Healthcheck is { Disable: false, Test.Length: > 0 } and not { Test: ["NONE"] } || BockProbes.Of(s).Readiness is not null;

    private static StackProgress Progress(string service, string status) => new() { Resource = "service", Name = service, Status = status };
}
