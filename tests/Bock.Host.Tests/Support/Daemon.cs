using Bock.Actors.Networks;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Microsoft.AspNetCore.Builder;

namespace Bock.Host.Tests.Support;

/// <summary>
/// A real bockd, in process, on roots and a socket of its own under a temp directory, with an <see cref="HttpClient"/>
/// that speaks HTTP over that unix socket. Dispose stops it and removes the directory.
/// </summary>
public sealed class Daemon : IAsyncDisposable
{
    /// <summary>Short, jitter-free restart delays so that tests of restart policies finish quickly.</summary>
    public static readonly ContainerSettings FastSettings = ContainerSettings.Default with
    {
        MinBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        RandomFactor = 0,
        KernelTimeout = TimeSpan.FromSeconds(20),
        StopTimeout = TimeSpan.FromSeconds(2),
    };

    private readonly WebApplication _app;
    private bool _abandoned;

    public string Directory { get; }
    public DaemonOptions Options { get; }
    public HttpClient Client { get; }

    /// <summary>The daemon's services, for a test that talks to one directly (the stack runtime over them).</summary>
    public IServiceProvider Services => _app.Services;

    private Daemon(string directory, DaemonOptions options, WebApplication app)
    {
        Directory = directory;
        Options = options;
        _app = app;
        Client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(options.SocketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = new Uri("http://bock/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <param name="directory">Where its roots and socket go; a fresh temp directory by default. Removed on dispose.</param>
    /// <param name="mounter">Null: the kernel's overlay mounts (privileged tests).</param>
    public static Task<Daemon> StartAsync(IContainerRuntime runtime, string? directory = null, Bock.Host.Images.IRootfsMounter? mounter = null) =>
        StartAsync(_ => runtime, directory, mounter);

    /// <summary>A daemon over the real bock-oci and its shims, as bockd runs (root only).</summary>
    public static Task<Daemon> StartRealAsync(string? directory = null) =>
        StartAsync(options => new ShimContainerRuntime(DaemonHost.ShimRuntimeOptions(options, OciBinary.Path)), directory);

    public static async Task<Daemon> StartAsync(Func<DaemonOptions, IContainerRuntime> runtime, string? directory = null, Bock.Host.Images.IRootfsMounter? mounter = null)
    {
        // Short: a shim's socket is <run-root>/shims/<64-hex id>/attach.sock, and a unix socket path has 107 bytes at most.
        directory ??= Path.Combine("/tmp", "bh-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new DaemonOptions
        {
            Root = Path.Combine(directory, "lib"),
            RunRoot = Path.Combine(directory, "run"),
            SocketPath = Path.Combine(directory, "run", "bock.sock"),
        };
        var containerRuntime = runtime(options);
        // A fake runtime's containers have no processes to network: their networks are recorded, not made.
        var network = containerRuntime is RecordingContainerRuntime ? new RecordingNetworkKernel() : null;
        var app = DaemonHost.Build(options, containerRuntime, FastSettings, mounter, network);
        await app.StartAsync();
        return new Daemon(directory, options, app) { Network = network };
    }

    /// <summary>The recorded kernel side of networking when the runtime is a fake; null over the real kernel.</summary>
    public RecordingNetworkKernel? Network { get; private init; }

    /// <summary>A directory to name as Image: the fake runtime never looks inside.</summary>
    public string Rootfs()
    {
        var rootfs = Path.Combine(Directory, "rootfs-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(rootfs);
        return rootfs;
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Creates a container from a fresh rootfs running <c>sh -c true</c>, with <paramref name="extra"/> JSON members; returns its id.</summary>
    public async Task<string> CreateAsync(string? name = null, string extra = "")
    {
        var body = $$"""{"Image": {{JsonSerializer.Serialize(Rootfs())}}, "Cmd": ["sh", "-c", "true"]{{(extra.Length > 0 ? ", " + extra : "")}}}""";
        using var response = await PostJsonAsync(name is null ? "containers/create" : $"containers/create?name={name}", body);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("Id").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    /// <summary>Polls inspect until <paramref name="condition"/> holds: restarts happen in the background.</summary>
    public async Task<JsonElement> InspectUntilAsync(string id, Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var inspect = await GetJsonAsync($"containers/{id}/json");
            if (condition(inspect)) return inspect;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"container {id} never reached the expected state: {inspect}");
            await Task.Delay(50);
        }
    }

    /// <summary>Creates a container from <paramref name="bundle"/> (its directory as Image); returns its id.</summary>
    public async Task<string> CreateFromAsync(BusyboxBundle bundle, string? name = null)
    {
        using var response = await PostJsonAsync(name is null ? "containers/create" : $"containers/create?name={name}",
            $$"""{"Image": {{JsonSerializer.Serialize(bundle.Directory)}}}""");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("Id").GetString()!;
    }

    public async Task PostOkAsync(string path)
    {
        using var response = await Client.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Stops this daemon as a crash would for its containers: they and their shims go on running. The directory
    /// stays for the next daemon; <see cref="DisposeAsync"/> of that one cleans up.
    /// </summary>
    public async Task AbandonAsync()
    {
        _abandoned = true;
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_abandoned) return;
        // Whatever a failed test left running goes, so that no shim, mount or cgroup outlives the test.
        try
        {
            foreach (var container in (await GetJsonAsync("containers/json?all=1")).EnumerateArray())
                (await Client.DeleteAsync($"containers/{container.GetProperty("Id").GetString()}?force=1")).Dispose();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
        {
        }
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        // A failed test may leave a container's overlay mounted: detach it rather than delete through it.
        foreach (var target in MountsUnder(Directory).Reverse())
            await Shell.RunAsync("umount", ["-l", target]);
        // Over the real kernel the daemon made a default bridge and an nftables table of its own.
        if (Network is null) await DaemonLinks.OfRunRoot(Options.RunRoot).RemoveAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Mount points at or below <paramref name="directory"/> in this mount namespace.</summary>
    public static IReadOnlyList<string> MountsUnder(string directory)
    {
        var prefix = Path.GetFullPath(directory).TrimEnd('/') + "/";
        return [.. File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(prefix, StringComparison.Ordinal))];
    }
}
