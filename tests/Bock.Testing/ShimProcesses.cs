namespace Bock.Testing;

/// <summary>
/// Finds the <c>bock-oci shim</c> processes that still serve a container, so that a test can prove none does after
/// the container is gone. One shim serves many containers, so a shim counts for a container while it holds an open
/// file or a listening socket whose path names the container id (its log, its socket), or names the id on its
/// command line.
/// </summary>
public static class ShimProcesses
{
    public static IReadOnlyList<int> Of(string containerId)
    {
        var socketInodes = UnixSocketInodesNaming(containerId);
        List<int> pids = [];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var args = File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Split('\0');
                var stat = File.ReadAllText(System.IO.Path.Combine(dir, "stat"));
                if (!args.Contains("shim") || stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) continue;
                if (args.Contains(containerId) || HoldsAny(dir, containerId, socketInodes))
                    pids.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return pids;
    }

    /// <summary>Waits up to <paramref name="timeout"/> until no shim serves the container (a shim lets go a moment after its container's exit).</summary>
    public static async Task<IReadOnlyList<int>> RemainingAfterAsync(string containerId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var pids = Of(containerId);
            if (pids.Count == 0 || DateTime.UtcNow > deadline) return pids;
            await Task.Delay(50);
        }
    }

    private static bool HoldsAny(string processDir, string containerId, HashSet<string> socketInodes)
    {
        foreach (var fd in Directory.EnumerateFileSystemEntries(System.IO.Path.Combine(processDir, "fd")))
        {
            var target = new FileInfo(fd).LinkTarget ?? "";
            if (target.Contains(containerId) || target.StartsWith("socket:[") && socketInodes.Contains(target[8..^1]))
                return true;
        }
        return false;
    }

    /// <summary>Inodes of the bound unix sockets whose path names the container (/proc/net/unix: "… Inode Path").</summary>
    private static HashSet<string> UnixSocketInodesNaming(string containerId) =>
        [.. File.ReadLines("/proc/net/unix").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 8 && fields[7].Contains(containerId))
            .Select(fields => fields[6])];
}
