using System.Diagnostics;
using System.Globalization;
using Bock.Host.Api;
using Bock.Kernel.Cgroups;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

/// <summary>
/// What top and stats read: the container's cgroup (found from its bundle's <c>linux.cgroupsPath</c>, through the v1
/// or v2 driver this host needs), the host's <c>ps</c>, and /proc for the host-wide figures Docker's clients divide by.
/// </summary>
internal static class ContainerMetrics
{
    /// <summary>USER_HZ: /proc/stat counts in these ticks on every Linux architecture Docker supports.</summary>
    private const long TicksPerSecond = 100;

    private static readonly Lazy<CgroupLayout> Layout = new(() => CgroupLayout.Detect());

    public static ICgroup CgroupOf(ContainerRecord c)
    {
        string? path = null;
        try
        {
            path = SpecLoader.LoadBundle(c.BundlePath).Linux?.CgroupsPath;
        }
        catch (SpecException)
        {
            // The default path then, as bock-oci would use.
        }
        return Layout.Value.Open(path, c.Id);
    }

    /// <summary>
    /// Runs the host's <c>ps</c> with <paramref name="psArgs"/> (Docker's default <c>-ef</c>) and keeps the rows of the
    /// container's processes, as dockerd does: the PID column names them, the last column keeps its spaces.
    /// </summary>
    /// <exception cref="InvalidOperationException">ps failed or printed no PID column.</exception>
    public static async Task<ContainerTopResponse> TopAsync(IReadOnlyCollection<int> pids, string? psArgs, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ps") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string.IsNullOrWhiteSpace(psArgs) ? "-ef" : psArgs).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            start.ArgumentList.Add(arg);
        using var ps = Process.Start(start) ?? throw new InvalidOperationException("cannot run ps");
        var output = ps.StandardOutput.ReadToEndAsync(ct);
        var errors = ps.StandardError.ReadToEndAsync(ct);
        await ps.WaitForExitAsync(ct);
        if (ps.ExitCode != 0)
            throw new InvalidOperationException($"ps: {(await errors).Trim()}");
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var titles = lines.Length > 0 ? lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var pidColumn = Array.IndexOf(titles, "PID");
        if (pidColumn < 0)
            throw new InvalidOperationException("Couldn't find PID field in ps output");
        var wanted = pids.ToHashSet();
        List<IReadOnlyList<string>> rows = [];
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length <= pidColumn || !int.TryParse(fields[pidColumn], out var pid) || !wanted.Contains(pid))
                continue;
            var last = Math.Min(titles.Length - 1, fields.Length - 1);
            rows.Add([.. fields[..last], string.Join(' ', fields[last..])]);
        }
        return new ContainerTopResponse(titles, rows);
    }

    /// <summary>One sample; zeros for a container without a cgroup (not running).</summary>
    public static CpuStatsDto Cpu(CgroupStats? stats) => new()
    {
        CpuUsage = new CpuUsageDto { TotalUsage = (ulong)Math.Max(0, stats?.CpuUsageNanoseconds ?? 0) },
        SystemCpuUsage = SystemCpuNanoseconds(),
        OnlineCpus = (uint)Environment.ProcessorCount,
    };

    public static ContainerStatsResponse Sample(ContainerRecord c, CgroupStats? stats, CpuStatsDto? previous, DateTimeOffset? previousAt)
    {
        var hostMemory = HostMemoryBytes();
        var limit = stats?.MemoryLimitBytes is { } l and > 0 && (ulong)l < hostMemory ? (ulong)l : hostMemory;
        return new ContainerStatsResponse
        {
            Read = DockerTime.Format(DateTimeOffset.UtcNow),
            PreRead = DockerTime.Format(previousAt),
            Id = c.Id,
            Name = "/" + c.Name,
            PidsStats = new PidsStatsDto { Current = (ulong)Math.Max(0, stats?.PidsCurrent ?? 0), Limit = stats?.PidsLimit is { } p ? (ulong)p : null },
            CpuStats = Cpu(stats),
            PreCpuStats = previous ?? new CpuStatsDto { CpuUsage = new CpuUsageDto() },
            MemoryStats = stats is null ? new MemoryStatsDto() : new MemoryStatsDto { Usage = (ulong)Math.Max(0, stats.MemoryUsageBytes ?? 0), Limit = limit },
        };
    }

    /// <summary>The cgroup's figures, or null when it does not exist (the container is not running).</summary>
    public static CgroupStats? Read(ICgroup cgroup)
    {
        try
        {
            return cgroup.Exists ? cgroup.Stats() : null;
        }
        catch (Exception e) when (e is IOException or CgroupException)
        {
            return null; // removed while we read
        }
    }

    private static ulong SystemCpuNanoseconds()
    {
        using var reader = new StreamReader("/proc/stat");
        var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        ulong ticks = 0;
        foreach (var field in fields.Skip(1).Take(7))
            ticks += ulong.Parse(field, CultureInfo.InvariantCulture);
        return ticks * (1_000_000_000 / TicksPerSecond);
    }

    private static ulong HostMemoryBytes()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                return ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }
}
