using System.Net;
using Bock.Actors.Networks;
using Bock.Kernel.Native;
using Bock.Testing;

namespace Bock.Actors.Tests.Privileged;

/// <summary>
/// The real kernel side of networking, inside a throwaway network namespace standing in for the host: a bridge, a
/// container namespace, a veth endpoint that reaches the bridge's gateway, and every piece removed again.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class LinuxNetworkKernelTests : IDisposable
{
    private readonly string _host = "bock-t-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _directory = Path.Combine("/tmp", "bk-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly LinuxNetworkKernel _kernel = new(new Bock.Kernel.Nftables.RecordingNetworkFirewall());

    public LinuxNetworkKernelTests()
    {
        Assert.Equal(0, Shell.RunAsync("ip", ["netns", "add", _host]).GetAwaiter().GetResult().ExitCode);
        Directory.CreateDirectory(_directory);
    }

    [Fact]
    public async Task A_container_namespace_gets_eth0_on_the_bridge_with_its_address_mac_and_default_route()
    {
        var netns = Path.Combine(_directory, "c1");
        var bridge = new BridgeConfig("bk-test0", IPAddress.Parse("10.77.0.1"), 24);
        var endpoint = new EndpointConfig("c1", netns, bridge.Name, "bkvtest0", "eth0", IPAddress.Parse("10.77.0.5"), 24,
            "02:42:0a:4d:00:05", bridge.Gateway);
        InHost(() =>
        {
            _kernel.CreateBridge(bridge, forward: false);
            _kernel.CreateBridge(bridge, forward: false); // again, as after a daemon restart: kept, no error
            _kernel.CreateSandbox(netns);
            _kernel.Connect(endpoint);
        });
        Assert.Contains("bkvtest0", await IpAsync(["netns", "exec", _host, "ip", "-o", "link", "show", "master", "bk-test0"]));
        Assert.Contains("hairpin on", await IpAsync(["netns", "exec", _host, "ip", "-d", "link", "show", "bkvtest0"]));
        var inside = await InSandboxAsync(netns, "ip", "-o", "addr", "show", "eth0");
        Assert.Contains("10.77.0.5/24", inside);
        Assert.Contains("02:42:0a:4d:00:05", await InSandboxAsync(netns, "ip", "-o", "link", "show", "eth0"));
        Assert.Contains("default via 10.77.0.1 dev eth0", await InSandboxAsync(netns, "ip", "route"));
        Assert.Contains("1 packets received", await InSandboxAsync(netns, "/bin/busybox", "ping", "-c1", "-W2", "10.77.0.1"));
        Assert.Contains("127.0.0.1", await InSandboxAsync(netns, "ip", "-o", "addr", "show", "lo"));

        // A second connect of the same endpoint (a retry after a crash) replaces the first one.
        InHost(() => _kernel.Connect(endpoint));
        Assert.Single((await InSandboxAsync(netns, "ip", "-o", "-4", "addr", "show", "eth0")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        InHost(() =>
        {
            _kernel.Disconnect("bkvtest0");
            _kernel.Disconnect("bkvtest0"); // gone already: no error
            _kernel.DeleteSandbox(netns);
            _kernel.DeleteBridge(bridge.Name);
        });
        Assert.False(File.Exists(netns));
        Assert.DoesNotContain("bk", await IpAsync(["netns", "exec", _host, "ip", "-o", "link"]));
    }

    [Fact]
    public async Task A_failed_connect_leaves_no_link_behind()
    {
        var netns = Path.Combine(_directory, "c2");
        InHost(() =>
        {
            _kernel.CreateBridge(new BridgeConfig("bk-test1", IPAddress.Parse("10.78.0.1"), 24), forward: false);
            _kernel.CreateSandbox(netns);
            var endpoint = new EndpointConfig("c2", netns, "bk-nosuch", "bkvtest1", "eth0", IPAddress.Parse("10.78.0.5"), 24,
                "02:42:0a:4e:00:05", null);
            var error = Assert.Throws<KernelException>(() => _kernel.Connect(endpoint));
            Assert.Contains("bk-nosuch", error.Message);
            _kernel.DeleteSandbox(netns);
        });
        // Asked with ip in the stand-in host: /sys/class/net (what Links reads) shows the real host's links.
        Assert.DoesNotContain("bkvtest1", await IpAsync(["netns", "exec", _host, "ip", "-o", "link"]));
    }

    /// <summary>Runs on a thread that joined the stand-in host namespace, as a kernel actor's thread is on the host.</summary>
    private void InHost(Action work)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var fd = Unistd.Open($"/run/netns/{_host}", Unistd.O_RDONLY);
                Sched.Setns(fd, Sched.CLONE_NEWNET, _host);
                Unistd.Close(fd);
                work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private static async Task<string> InSandboxAsync(string netns, params string[] command)
    {
        var result = await Shell.RunAsync("nsenter", [$"--net={netns}", .. command]);
        return result.Stdout + result.Stderr;
    }

    private static async Task<string> IpAsync(string[] args) => (await Shell.RunAsync("ip", args)).Stdout;

    public void Dispose()
    {
        foreach (var file in Directory.Exists(_directory) ? Directory.GetFiles(_directory) : [])
            Bock.Kernel.Namespaces.NetworkNamespace.Remove(file);
        Directory.Delete(_directory, recursive: true);
        Shell.RunAsync("ip", ["netns", "del", _host]).GetAwaiter().GetResult();
    }
}
