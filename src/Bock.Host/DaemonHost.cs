using Akka.Configuration;
using Akka.Hosting;
using Bock.Actors.Containers;
using Bock.Actors.Hosting;
using Bock.Actors.Kernel;
using Bock.Host.Api;
using Bock.Host.Containers;
using Bock.Host.Images;
using Bock.Host.Volumes;
using Bock.Host.Networks;
using Bock.Actors.Networks;
using Bock.Actors.Networks.Dns;
using Bock.Host.Exec;
using Bock.Host.Streams;
using Bock.Host.Stacks;
using Bockrose.Stacks;
using Microsoft.Extensions.Logging;

namespace Bock.Host;

/// <summary>Wires bockd: the actor system (Akka.Hosting), the API endpoints and the unix socket they listen on.</summary>
public static class DaemonHost
{
    /// <summary>Where each container's generated bundle (<c>&lt;id&gt;/config.json</c>) and log (<c>&lt;id&gt;.log</c>) live.</summary>
    public static string ContainersDirectory(DaemonOptions options) => Path.Combine(options.Root, "containers");

    public static string VolumesDirectory(DaemonOptions options) => Path.Combine(options.Root, "volumes");

    /// <summary>bock-oci's state under <c>&lt;run-root&gt;/oci</c>, the shims' under <c>&lt;run-root&gt;/shims</c>.</summary>
    public static ShimRuntimeOptions ShimRuntimeOptions(DaemonOptions options, string bockOci) =>
        new(bockOci, Path.Combine(options.RunRoot, "oci"), ShimsDirectory(options));

    /// <summary>Where Kestrel listens, behind the relay: <c>&lt;run-root&gt;/api/kestrel.sock</c>, its directory root's alone.</summary>
    public static string KestrelSocket(DaemonOptions options) => Path.Combine(options.RunRoot, "api", "kestrel.sock");

    public static string ShimsDirectory(DaemonOptions options) => Path.Combine(options.RunRoot, "shims");

    /// <param name="runtime">bock-oci under shims in bockd; a <see cref="RecordingContainerRuntime"/> in tests.</param>
    /// <param name="mounter">The kernel's overlay mounts by default; a recording fake in tests without root.</param>
    /// <param name="network">Bridges, namespaces and veths on the real kernel by default; a recording fake in tests without root.</param>
    public static WebApplication Build(DaemonOptions options, IContainerRuntime runtime, ContainerSettings? settings = null, IRootfsMounter? mounter = null,
        INetworkKernel? network = null)
    {
        // As dockerd: what bockd makes for containers (resolv.conf, hosts, volume and layer directories) must not take
        // the restrictive umask of whoever started it, or a non-root container user could not read it.
        Tmds.Linux.LibC.umask(0b000_010_010);
        var naming = LinkNaming.ForRunRoot(options.RunRoot);
        network ??= new LinuxNetworkKernel(new Bock.Kernel.Nftables.NftablesFirewall(naming.FirewallTable));
        // WebApplicationBuilder is a HostApplicationBuilder plus Kestrel. The content root is bockd's own directory:
        // the default (the current directory) would be watched recursively.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        Directory.CreateDirectory(ContainersDirectory(options));
        Directory.CreateDirectory(Path.GetDirectoryName(options.SocketPath)!);
        // Kestrel serves a private socket in a 0700 directory; the public one is ApiSocketRelay's, which keeps Docker's
        // half-closed hijacked connections open (see there).
        var kestrelSocket = KestrelSocket(options);
        Directory.CreateDirectory(Path.GetDirectoryName(kestrelSocket)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        UnixSocket.RemoveStale(kestrelSocket);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(kestrelSocket));
        // One line per request is noise in a daemon's journal; warnings and errors still get through.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Bind failures throw, so that ApiErrorHandling answers them in Docker's shape.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ContainerService>();
        builder.Services.AddSingleton<ImageService>();
        builder.Services.AddSingleton(new VolumeStore(VolumesDirectory(options)));
        builder.Services.AddSingleton(mounter ?? new OverlayRootfsMounter());
        builder.Services.AddSingleton(sp => new BundleWriter(ContainersDirectory(options), sp.GetRequiredService<ImageService>(),
            sp.GetRequiredService<VolumeStore>(), sp.GetRequiredService<IRootfsMounter>()));
        builder.Services.AddHostedService<AutoRemover>();
        builder.Services.AddHostedService<PortPublisher>();
        builder.Services.AddHostedService<NetworkRestorer>();
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton<ExecService>();
        builder.Services.AddSingleton<ContainerNetworking>();
        builder.Services.AddSingleton<NetworkService>();
        builder.Services.AddSingleton<HalfCloseRegistry>();
        builder.Services.AddSingleton<Builds.BuildService>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, BockApiJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = null; // Docker's names are PascalCase, as the DTOs spell them
        });
        builder.Services.AddAkka("bockd", akka =>
        {
            akka.WithBockContainers(runtime, settings: settings, network: network);
            // The copy beside bockd goes on top of the embedded config/akka.hocon, so that an operator can tune it.
            var hocon = Path.Combine(AppContext.BaseDirectory, "akka.hocon");
            if (File.Exists(hocon))
                akka.AddHocon(ConfigurationFactory.ParseString(File.ReadAllText(hocon)), HoconAddMode.Prepend);
            akka.WithActors((system, registry, resolver) =>
            {
                // Live restore: the records a previous daemon left, each container adopted by a fresh actor (its
                // shim kept it running, or recorded how it ended).
                var store = new ContainerStore(ContainerStore.PathUnder(options.Root));
                var restored = store.LoadAll();
                registry.Register<ContainerDirectory>(system.ActorOf(ContainerDirectory.Props(store, restored), "directory"));
                var networkStore = new NetworkStore(ContainerStore.PathUnder(options.Root));
                NetworkReconciler.Reconcile(network, registry.Get<KernelPool>(), naming, networkStore.LoadAll(), restored, Path.Combine(options.RunRoot, "netns"));
                var dns = system.ActorOf(DnsResponder.Props(DnsResponderSettings.FromHost()), "dns");
                registry.Register<DnsResponder>(dns);
                registry.Register<NetworkDirectory>(system.ActorOf(NetworkDirectory.Props(networkStore, registry.Get<KernelPool>(),
                    [.. restored.SelectMany(r => r.Endpoints)], () => HostRoutes.Read(naming), naming, dns), "networks"));
                var supervisor = registry.Get<ContainerSupervisor>();
                foreach (var record in restored)
                    supervisor.Tell(new ContainerProtocol.AdoptContainer(new ContainerSpec(record.Id, record.BundlePath, record.RestartPolicy) { HealthCheck = record.HealthCheck },
                        WasRunning: record.State is "running" or "paused" or "restarting") { RestartsUsed = record.RestartCount }, Akka.Actor.ActorRefs.NoSender);
                // bockrose: the stacks, reconciled once bockd serves (see ApplicationStarted below).
                var stacks = system.ActorOf(StackDirectory.Props(new HostStackRuntime(resolver.GetService<ContainerService>(), resolver.GetService<NetworkService>(), resolver.GetService<ContainerNetworking>(),
                    resolver.GetService<VolumeStore>(), resolver.GetService<ImageService>(), () => resolver.GetService<Builds.BuildService>(),
                    new StackFileStore(Path.Combine(options.Root, "stack-files"))), new StackStore(ContainerStore.PathUnder(options.Root)),
                    stored => StackLoading.Define(stored.Request, stored.Scale)), "stacks");
                registry.Register<StackDirectory>(stacks);
                system.ActorOf(StackEventBridge.Props(registry.Get<ContainerDirectory>(), stacks), "stack-events");
            });
        });

        var app = builder.Build();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        // Kestrel listens once the host has started: only then does the public socket lead somewhere.
        ApiSocketRelay? relay = null;
        lifetime.ApplicationStarted.Register(() =>
        {
            relay = ApiSocketRelay.Start(options.SocketPath, kestrelSocket, app.Services.GetRequiredService<HalfCloseRegistry>(),
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ApiSocketRelay>());
            UnixSocket.RestrictToRoot(options.SocketPath);
            app.Services.GetRequiredService<Akka.Hosting.ActorRegistry>().Get<StackDirectory>().Tell(StackDirectory.Reconcile.Instance, Akka.Actor.ActorRefs.NoSender);
        });
        lifetime.ApplicationStopping.Register(() => relay?.DisposeAsync().AsTask().GetAwaiter().GetResult());
        lifetime.ApplicationStopped.Register(() =>
        {
            UnixSocket.RemoveStale(options.SocketPath);
            UnixSocket.RemoveStale(kestrelSocket);
        });
        app.Use(ApiErrorHandling.HandleAsync);
        app.Use(ApiVersionPrefix.StripAsync);
        app.UseRouting();
        app.MapSystemEndpoints();
        app.MapContainerEndpoints();
        app.MapContainerStreamEndpoints();
        app.MapContainerArchiveEndpoints();
        app.MapExecEndpoints();
        app.MapEventEndpoints();
        app.MapImageEndpoints();
        app.MapVolumeEndpoints();
        app.MapNetworkEndpoints();
        app.MapSystemDfEndpoints();
        app.MapBuildEndpoints();
        app.MapStackEndpoints();
        app.MapFallback(() => ApiResults.Error(StatusCodes.Status404NotFound, "page not found"));
        return app;
    }
}
