using System.Diagnostics;
using Bock.Kernel.Native;

namespace Bock.Kernel.Tests.Netlink;

/// <summary>
/// A throwaway network namespace made with `ip netns add bock-t-…` and opened as an fd, removed on dispose. The
/// netlink tests work only inside these, never on the host's own links or routes.
/// </summary>
internal sealed class ScratchNetns : IDisposable
{
    private ScratchNetns(string name)
    {
        Name = name;
        Ip("netns", "add", name);
        try
        {
            Fd = Unistd.Open($"/run/netns/{name}", Unistd.O_RDONLY);
        }
        catch
        {
            Ip("netns", "del", name);
            throw;
        }
    }

    public string Name { get; }

    public int Fd { get; }

    public static ScratchNetns Create(string suffix) => new($"bock-t-{Convert.ToHexString(Guid.NewGuid().ToByteArray()[..3]).ToLowerInvariant()}-{suffix}");

    /// <summary>Runs `ip` inside this namespace (e.g. "-j", "route") and returns its stdout.</summary>
    public string IpIn(params string[] args) => Ip(["netns", "exec", Name, "ip", .. args]);

    public void Dispose()
    {
        Unistd.Close(Fd);
        Ip("netns", "del", Name);
    }

    public static string Ip(params string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {stderr.Result}");
        return stdout;
    }
}
