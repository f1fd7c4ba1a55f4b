using Bock.Testing;
using System.Text.Json;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>Bridge networks through the installed CLI and bockd, on the real kernel.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class NetworkTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Containers_on_a_user_network_reach_each_other_and_removing_them_leaves_nothing()
    {
        var network = Names.Unique("net");
        var web = Names.Unique("web");
        await Ok("network", "create", "--subnet", "10.231.7.0/24", network);
        await Ok("run", "-d", "--name", web, "--network", network, "--ip", "10.231.7.80", BockDaemon.Image, "httpd", "-f", "-p", "8080", "-h", "/etc");

        var fetched = await Ok("run", "--rm", "--network", network, BockDaemon.Image, "wget", "-qO-", "http://10.231.7.80:8080/hostname");
        Assert.Equal((await Ok("inspect", "-f", "{{.Config.Hostname}}", web)).Trim(), fetched.Trim());
        var route = await Ok("run", "--rm", "--network", network, BockDaemon.Image, "ip", "route");
        Assert.Contains("default via 10.231.7.1 dev eth0", route);

        using var inspect = JsonDocument.Parse(await Ok("network", "inspect", network));
        var resource = inspect.RootElement[0];
        Assert.Equal("10.231.7.0/24", resource.GetProperty("IPAM").GetProperty("Config")[0].GetProperty("Subnet").GetString());
        var endpoint = Assert.Single(resource.GetProperty("Containers").EnumerateObject()).Value;
        Assert.Equal((web, "10.231.7.80/24"), (endpoint.GetProperty("Name").GetString(), endpoint.GetProperty("IPv4Address").GetString()));
        Assert.Equal("10.231.7.80", (await Ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", web)).Trim());

        var busy = await Daemon.BockAsync("network", "rm", network);
        Assert.NotEqual(0, busy.ExitCode);
        Assert.Contains("active endpoints", busy.Stderr);

        await Ok("rm", "-f", web);
        await Ok("network", "rm", network);
        Assert.DoesNotContain(network, await Ok("network", "ls"));
        var links = DaemonLinks.OfRunRoot(Daemon.RunRoot);
        Assert.Empty(links.Veths());
        Assert.Equal([links.DefaultBridge], links.Bridges());
        Assert.Empty(NetnsFiles());
    }

    [Fact]
    public async Task Containers_find_each_other_by_name_and_alias_and_a_published_port_answers_on_the_hosts_loopback()
    {
        var network = Names.Unique("app");
        var web = Names.Unique("web");
        var port = FreePort();
        await Ok("network", "create", network);
        await Ok("run", "-d", "--name", web, "--network", network, "--network-alias", "www", "-p", $"127.0.0.1:{port}:8080",
            BockDaemon.Image, "httpd", "-f", "-p", "8080", "-h", "/etc");
        var hostname = (await Ok("inspect", "-f", "{{.Config.Hostname}}", web)).Trim();

        var byName = await Ok("run", "--rm", "--network", network, BockDaemon.Image, "sh", "-c",
            $"ping -c1 -W2 {web} >/dev/null && wget -qO- http://{web}:8080/hostname && wget -qO- http://www:8080/hostname");
        Assert.Equal($"{hostname}\n{hostname}\n", byName);
        Assert.Equal("nameserver 127.0.0.11", (await Ok("run", "--rm", "--network", network, BockDaemon.Image, "grep", "nameserver", "/etc/resolv.conf")).Trim());

        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
            Assert.Equal(hostname + "\n", await http.GetStringAsync($"http://127.0.0.1:{port}/hostname"));
        Assert.Contains($"\"{port}\"", await Ok("inspect", "-f", "{{json .NetworkSettings.Ports}}", web));

        // Released on stop, back on start; the port stays the container's meanwhile.
        await Ok("stop", "-t", "1", web);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient { Timeout = TimeSpan.FromSeconds(3) }.GetStringAsync($"http://127.0.0.1:{port}/hostname"));
        var taken = await Daemon.BockAsync("run", "--rm", "-p", $"127.0.0.1:{port}:80", BockDaemon.Image, "true");
        Assert.Equal(125, taken.ExitCode);
        Assert.Contains("port is already allocated", taken.Stderr);
        await Ok("start", web);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                return await http.GetStringAsync($"http://127.0.0.1:{port}/hostname") == hostname + "\n";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, what: "the published port answers again after start");

        await Ok("rm", "-f", web);
        var networkId = (await Ok("network", "inspect", "-f", "{{.Id}}", network)).Trim();
        await Ok("network", "rm", network);
        var ruleset = (await Bock.Testing.Shell.RunAsync("nft", ["list", "ruleset"])).Stdout;
        Assert.DoesNotContain(networkId, ruleset);
        Assert.DoesNotContain($"dport {port}", ruleset);
        Assert.Empty(DaemonLinks.OfRunRoot(Daemon.RunRoot).Veths());
        Assert.Empty(NetnsFiles());
    }

    [Fact]
    public async Task Two_networks_are_isolated_and_an_internal_one_has_no_route_out()
    {
        var a = Names.Unique("a");
        var b = Names.Unique("b");
        var secret = Names.Unique("secret");
        await Ok("network", "create", "--subnet", "10.231.13.0/24", a);
        await Ok("network", "create", "--subnet", "10.231.14.0/24", b);
        await Ok("network", "create", "--internal", "--subnet", "10.231.15.0/24", secret);
        await Ok("run", "-d", "--name", "target-" + a, "--network", a, "--ip", "10.231.13.10", BockDaemon.Image, "sleep", "1000");
        Assert.Contains("1 packets received", await Ok("run", "--rm", "--network", a, BockDaemon.Image, "ping", "-c1", "-W2", "10.231.13.10"));
        var across = await Daemon.BockAsync("run", "--rm", "--network", b, BockDaemon.Image, "ping", "-c1", "-W2", "10.231.13.10");
        Assert.NotEqual(0, across.ExitCode);
        Assert.Contains("0 packets received", across.Stdout);
        var inside = await Daemon.BockAsync("run", "--rm", "--network", secret, BockDaemon.Image, "sh", "-c", "ip route; ping -c1 -W2 10.231.13.10");
        Assert.NotEqual(0, inside.ExitCode);
        Assert.DoesNotContain("default", inside.Stdout);
        Assert.Contains("Network is unreachable", inside.Stderr + inside.Stdout);
        await Ok("rm", "-f", "target-" + a);
        await Ok("network", "rm", a, b, secret);
    }

    [Fact]
    public async Task Two_hundred_containers_get_distinct_addresses_and_all_are_freed()
    {
        var network = Names.Unique("ipam");
        await Ok("network", "create", "--subnet", "10.231.16.0/23", network);
        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
            ids.Add((await Ok("create", "--network", network, BockDaemon.Image, "true")).Trim());
        using (var inspect = JsonDocument.Parse(await Ok("network", "inspect", network)))
        {
            var addresses = inspect.RootElement[0].GetProperty("Containers").EnumerateObject().Select(c => c.Value.GetProperty("IPv4Address").GetString()).ToList();
            Assert.Equal(200, addresses.Count);
            Assert.Equal(200, addresses.Distinct().Count());
        }
        foreach (var chunk in ids.Chunk(50)) await Ok(["rm", .. chunk]);
        using (var inspect = JsonDocument.Parse(await Ok("network", "inspect", network)))
            Assert.Empty(inspect.RootElement[0].GetProperty("Containers").EnumerateObject());
        Assert.Empty(DaemonLinks.OfRunRoot(Daemon.RunRoot).Veths());
        Assert.Empty(NetnsFiles());
        await Ok("network", "rm", network);
    }

    [Fact]
    public async Task The_default_bridge_gives_a_container_an_address_and_none_gives_it_only_loopback()
    {
        var bridged = await Ok("run", "--rm", BockDaemon.Image, "sh", "-c", "ip -o -4 addr show eth0; ip route");
        Assert.Matches(@"eth0\s+inet 172\.\d+\.0\.\d+/16", bridged);
        Assert.Contains("default via 172.", bridged);
        var none = await Ok("run", "--rm", "--network", "none", BockDaemon.Image, "ip", "-o", "link");
        Assert.Single(none.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var hosts = await Ok("run", "--rm", "--add-host", "db.example:10.1.2.3", "--hostname", "box", BockDaemon.Image, "cat", "/etc/hosts");
        Assert.Contains("10.1.2.3\tdb.example", hosts);
        Assert.Matches(@"172\.\d+\.0\.\d+\tbox", hosts);
        var resolv = await Ok("run", "--rm", "--dns", "10.0.0.53", "--dns-search", "corp.example", BockDaemon.Image, "cat", "/etc/resolv.conf");
        Assert.Equal("search corp.example\nnameserver 10.0.0.53\n", resolv.Replace("options ndots:0\n", ""));
    }

    [Fact]
    public async Task A_second_network_is_eth1_and_disconnect_takes_it_away()
    {
        var front = Names.Unique("front");
        var back = Names.Unique("back");
        var box = Names.Unique("box");
        await Ok("network", "create", "--subnet", "10.231.8.0/24", front);
        await Ok("network", "create", "--subnet", "10.231.9.0/24", back);
        await Ok("run", "-d", "--name", box, "--network", front, BockDaemon.Image, "sleep", "1000");
        await Ok("network", "connect", "--ip", "10.231.9.9", back, box);
        var addresses = await Ok("exec", box, "ip", "-o", "-4", "addr");
        Assert.Contains("eth0    inet 10.231.8.2/24", addresses.Replace("\\", " "));
        Assert.Contains("eth1    inet 10.231.9.9/24", addresses.Replace("\\", " "));
        await Ok("network", "disconnect", back, box);
        Assert.DoesNotContain("eth1", await Ok("exec", box, "ip", "-o", "link"));
        await Ok("rm", "-f", box);
        await Ok("network", "rm", front, back);
        Assert.Empty(DaemonLinks.OfRunRoot(Daemon.RunRoot).Veths());
    }

    [Fact]
    public async Task Bad_network_input_is_one_clear_error_and_creates_nothing()
    {
        var network = Names.Unique("n");
        await Ok("network", "create", "--subnet", "10.231.10.0/24", network);
        var overlap = await Daemon.BockAsync("network", "create", "--subnet", "10.231.10.128/25", Names.Unique("o"));
        Assert.NotEqual(0, overlap.ExitCode);
        Assert.Contains($"overlaps 10.231.10.0/24 of network {network}", overlap.Stderr);
        var bad = await Daemon.BockAsync("network", "create", "--subnet", "10.231.11.0/33", Names.Unique("b"));
        Assert.Contains("invalid subnet 10.231.11.0/33", bad.Stderr);

        var before = await Ok("ps", "-aq");
        var unknown = await Daemon.BockAsync("run", "--rm", "--network", "no-such-net", BockDaemon.Image, "true");
        Assert.Equal(125, unknown.ExitCode);
        Assert.Contains("network no-such-net not found", unknown.Stderr);
        var taken = await Daemon.BockAsync("run", "--rm", "--network", network, "--ip", "10.231.10.1", BockDaemon.Image, "true");
        Assert.Equal(125, taken.ExitCode);
        Assert.Contains("gateway", taken.Stderr);
        Assert.Equal(before, await Ok("ps", "-aq"));
        Assert.Empty(NetnsFiles());
        Assert.Empty(DaemonLinks.OfRunRoot(Daemon.RunRoot).Veths());
        await Ok("network", "rm", network);
    }

    [Fact]
    public async Task After_kill_9_of_bockd_networks_and_addresses_survive_and_stale_pieces_are_reconciled()
    {
        await using var daemon = await BockDaemon.StartAsync();
        async Task<string> On(params string[] args)
        {
            var result = await daemon.BockAsync(args);
            Assert.True(result.ExitCode == 0, $"bock {string.Join(' ', args)}: {result}");
            return result.Stdout;
        }
        var network = Names.Unique("live");
        await On("network", "create", "--subnet", "10.231.12.0/24", network);
        await On("run", "-d", "--name", "srv", "--network", network, BockDaemon.Image, "httpd", "-f", "-p", "8080", "-h", "/etc");
        var address = (await On("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", "srv")).Trim();

        await daemon.KillHardAsync();
        // What a crash in the middle of a create leaves: a namespace file no record knows.
        var stray = Path.Combine(daemon.RunRoot, "netns", new string('e', 64));
        File.WriteAllText(stray, "");
        // …and a veth of this daemon's naming that no endpoint holds.
        var links = DaemonLinks.OfRunRoot(daemon.RunRoot);
        var strayVeth = $"bv{links.Tag}dead0001";
        Assert.Equal(0, (await Shell.RunAsync("ip", ["link", "add", strayVeth, "type", "veth", "peer", "name", $"bp{links.Tag}dead0001"])).ExitCode);
        await daemon.RestartAsync();

        Assert.Contains(network, await On("network", "ls"));
        var hostname = (await On("inspect", "-f", "{{.Config.Hostname}}", "srv")).Trim();
        Assert.Equal(hostname, (await On("run", "--rm", "--network", network, BockDaemon.Image, "wget", "-qO-", $"http://{address}:8080/hostname")).Trim());
        var second = (await On("run", "--rm", "--network", network, BockDaemon.Image, "sh", "-c", "ip -o -4 addr show eth0")).Trim();
        Assert.DoesNotContain($" {address}/", second);
        await Eventually.TrueAsync(() => Task.FromResult(!File.Exists(stray)), what: "the stray namespace file is removed");
        await Eventually.TrueAsync(() => Task.FromResult(!links.Veths().Contains(strayVeth)), what: "the stray veth is removed");
        await On("rm", "-f", "srv");
        await On("network", "rm", network);
    }

    [Fact]
    public async Task Container_mode_shares_a_namespace_and_publish_all_mac_and_a_failed_start_leave_nothing()
    {
        var network = Names.Unique("share");
        var owner = Names.Unique("owner");
        await Ok("network", "create", "--subnet", "10.231.18.0/24", network);
        await Ok("run", "-d", "--name", owner, "--network", network, "--mac-address", "02:42:de:ad:be:ef", "--expose", "8080", "-P",
            BockDaemon.Image, "httpd", "-f", "-p", "8080", "-h", "/etc");
        var joined = await Ok("run", "--rm", "--network", $"container:{owner}", BockDaemon.Image, "ip", "-o", "link", "show", "eth0");
        Assert.Contains("02:42:de:ad:be:ef", joined);
        var hostname = (await Ok("inspect", "-f", "{{.Config.Hostname}}", owner)).Trim();
        using (var ports = JsonDocument.Parse(await Ok("inspect", "-f", "{{json .NetworkSettings.Ports}}", owner)))
        {
            var hostPort = ports.RootElement.GetProperty("8080/tcp")[0].GetProperty("HostPort").GetString();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.Equal(hostname + "\n", await http.GetStringAsync($"http://127.0.0.1:{hostPort}/hostname"));
            // Hairpin: the container reaches its own published port through the host (its gateway address).
            var gateway = (await Ok("inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"{network}\").Gateway}}}}", owner)).Trim();
            Assert.Equal(hostname, (await Ok("exec", owner, "wget", "-qO-", $"http://{gateway}:{hostPort}/hostname")).Trim());
        }

        var failed = await Daemon.BockAsync("run", "--rm", "--network", network, BockDaemon.Image, "/no/such/program");
        Assert.Equal(127, failed.ExitCode);
        await Ok("rm", "-f", owner);
        // --rm of the container whose start failed takes its endpoint with it.
        await Eventually.TrueAsync(async () => (await Ok("network", "inspect", "-f", "{{json .Containers}}", network)).Trim() == "{}",
            what: "the failed container's endpoint is removed");
        await Ok("network", "prune", "-f");
        Assert.DoesNotContain(network, await Ok("network", "ls"));
        Assert.Empty(DaemonLinks.OfRunRoot(Daemon.RunRoot).Veths());
        Assert.Empty(NetnsFiles());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private IReadOnlyList<string> NetnsFiles()
    {
        var directory = Path.Combine(Daemon.RunRoot, "netns");
        return Directory.Exists(directory) ? Directory.GetFiles(directory) : [];
    }

    private async Task<string> Ok(params string[] args)
    {
        var result = await Daemon.BockAsync(args);
        Assert.True(result.ExitCode == 0, $"bock {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }
}
