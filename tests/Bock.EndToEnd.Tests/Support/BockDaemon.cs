using System.Diagnostics;
using System.Net.Sockets;

namespace Bock.EndToEnd.Tests.Support;

/// <summary>
/// A real bockd process on roots and a socket of its own under a temp directory, with the busybox image imported,
/// driven through the real bock CLI. Dispose removes every container and volume through the daemon, stops it, and
/// fails the test if a mount of its root is left behind.
/// </summary>
public sealed class BockDaemon : IAsyncDisposable
{
    public static readonly string Cli = InstalledBinary.Find("bock", "BOCK_CLI");
    public static readonly string Daemon = InstalledBinary.Find("bockd", "BOCK_DAEMON");
    public const string Image = "busybox:latest";

    private Process? _process;

    private BockDaemon(string directory) => Directory = directory;

    public string Directory { get; }
    public string Root => Path.Combine(Directory, "lib");
    public string RunRoot => Path.Combine(Directory, "run");
    public string Socket => Path.Combine(RunRoot, "bock.sock");
    public string Host => "unix://" + Socket;
    public int Pid => _process?.Id ?? 0;

    public static async Task<BockDaemon> StartAsync(bool withBusybox = true)
    {
        // Short: bockd refuses a run root whose shim sockets would not fit in a unix socket path.
        var directory = System.IO.Directory.CreateDirectory("/tmp/be-" + Guid.NewGuid().ToString("N")[..8]).FullName;
        var daemon = new BockDaemon(directory);
        try
        {
            await daemon.LaunchAsync();
            if (withBusybox)
            {
                var imported = await daemon.BockAsync("import", BusyboxTar.Path, Image);
                Assert.True(imported.ExitCode == 0, imported.ToString());
            }
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>bock -H … ARGS</c> to completion.</summary>
    public Task<CommandResult> BockAsync(params string[] args) => Shell.RunAsync(Cli, ["-H", Host, .. args], TimeSpan.FromSeconds(120));

    /// <summary>Runs another program with DOCKER_HOST pointing at this daemon.</summary>
    public Task<CommandResult> WithDockerHostAsync(string program, params string[] args) =>
        Shell.RunAsync("/usr/bin/env", ["DOCKER_HOST=" + Host, "DOCKER_CONFIG=" + Path.Combine(Directory, "docker-config"), program, .. args], TimeSpan.FromSeconds(120));

    /// <summary>kill -9 of the daemon alone: containers and their shims go on running.</summary>
    public async Task KillHardAsync()
    {
        _process!.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public Task RestartAsync() => LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            var ids = await BockAsync("ps", "-aq");
            foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                await BockAsync("rm", "-f", "-v", id);
            await BockAsync("volume", "prune", "-f");
            await BockAsync("network", "prune", "-f");
            _process.Kill(); // SIGKILL is the worst case; nothing of ours may depend on a clean daemon stop
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
        // The default bridge stays with its daemon as docker0 does; a test daemon's goes with it. A veth left is a leak.
        var veths = await DaemonLinks.OfRunRoot(RunRoot).RemoveAsync();
        var leftovers = File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(Directory)).ToList();
        foreach (var mount in leftovers.Select(l => l.Split(' ')[4]).OrderByDescending(m => m.Length))
            await Shell.RunAsync("/bin/umount", ["-l", mount]);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        Assert.True(leftovers.Count == 0, "mounts left behind:\n" + string.Join('\n', leftovers));
        Assert.True(veths.Count == 0, "veths left behind: " + string.Join(", ", veths));
    }

    private async Task LaunchAsync()
    {
        System.IO.Directory.CreateDirectory(RunRoot);
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // Started under umask 077: bockd must set its own (as dockerd does), never pass its starter's on to containers.
        foreach (var arg in (string[])["-c", "umask 077; exec \"$0\" \"$@\" >>\"$BOCKD_LOG\" 2>&1 </dev/null", Daemon,
                     "--root", Root, "--run-root", RunRoot, "--socket", Socket, "--bock-oci", OciBinary.Path])
            info.ArgumentList.Add(arg);
        info.Environment["BOCKD_LOG"] = Path.Combine(Directory, "bockd.log");
        _process = Process.Start(info)!;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"bockd exited with {_process.ExitCode}:\n{Log}");
            if (Answers()) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"bockd did not listen within 30 s:\n{Log}");
    }

    public string Log => File.Exists(Path.Combine(Directory, "bockd.log")) ? File.ReadAllText(Path.Combine(Directory, "bockd.log")) : "";

    private bool Answers()
    {
        if (!File.Exists(Socket)) return false;
        using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(Socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
