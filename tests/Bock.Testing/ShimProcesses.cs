namespace Bock.Testing;

/// <summary>Finds <c>bock-oci shim</c> processes by container id in /proc, so that a test can prove it left none behind.</summary>
public static class ShimProcesses
{
    public static IReadOnlyList<int> Of(string containerId)
    {
        List<int> pids = [];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var args = File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Split('\0');
                var stat = File.ReadAllText(System.IO.Path.Combine(dir, "stat"));
                if (args.Contains("shim") && args.Contains(containerId) && !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                    pids.Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return pids;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the container's shims to exit (a shim lingers a moment after its container).</summary>
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
}
