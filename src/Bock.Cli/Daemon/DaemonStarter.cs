using System.Diagnostics;
using System.Net.Sockets;

namespace Bock.Cli.Daemon;

/// <summary>
/// Starts bockd in the background when the default socket does not answer, so that a new user's first
/// <c>bock run</c> just works. bockd goes into a session of its own (setsid) with its output in
/// <c>/run/bock/bockd.log</c>, and outlives this process.
/// </summary>
internal static class DaemonStarter
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static bool Answers(string socketPath)
    {
        if (!File.Exists(socketPath)) return false;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <exception cref="DaemonUnreachableException">No bockd to start, or it did not come up in time.</exception>
    public static void Start(DaemonEndpoint endpoint, TextWriter stderr)
    {
        var bockd = FindBockd() ?? throw new DaemonUnreachableException(
            $"Cannot connect to the Bock daemon at {endpoint}, and bockd was not found to start it (install it with scripts/install.sh)");
        var logDirectory = Path.GetDirectoryName(endpoint.SocketPath)!;
        Directory.CreateDirectory(logDirectory);
        var log = Path.Combine(logDirectory, "bockd.log");
        stderr.WriteLine($"bock: starting bockd in the background (log: {log})");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in (string[])["-c", "exec setsid \"$0\" --socket \"$1\" </dev/null >>\"$2\" 2>&1", bockd, endpoint.SocketPath, log])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new DaemonUnreachableException("cannot start /bin/sh to launch bockd");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (Answers(endpoint.SocketPath)) return;
            if (process.HasExited)
                throw new DaemonUnreachableException($"bockd exited with {process.ExitCode} before it listened on {endpoint}: see {log}");
            Thread.Sleep(25);
        }
        throw new DaemonUnreachableException($"bockd did not listen on {endpoint} within {StartTimeout.TotalSeconds:0}s: see {log}");
    }

    private static string? FindBockd()
    {
        var beside = Path.Combine(Path.GetDirectoryName(Environment.ProcessPath) ?? "/", "bockd");
        if (File.Exists(beside)) return beside;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "bockd"))) return Path.Combine(dir, "bockd");
        return null;
    }
}
