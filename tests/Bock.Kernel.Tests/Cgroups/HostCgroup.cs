using System.Diagnostics;
using Bock.Kernel.Cgroups;

namespace Bock.Kernel.Tests.Cgroups;

/// <summary>A real cgroup on this machine under a unique top-level name, plus the processes a test starts in it.
/// Dispose kills them, destroys the cgroup and removes anything left, so a failing test leaves nothing behind.</summary>
internal sealed class HostCgroup : IDisposable
{
    private readonly List<Process> _processes = [];

    public HostCgroup(string? subPath = null, CgroupLayout? layout = null)
    {
        Layout = layout ?? CgroupLayout.Detect();
        Name = "bock-test-" + Guid.NewGuid().ToString("N")[..10];
        Cgroup = Layout.Open("/" + Name + (subPath is null ? "" : "/" + subPath), Name);
    }

    public CgroupLayout Layout { get; }

    /// <summary>The top-level directory name, the same in every hierarchy.</summary>
    public string Name { get; }

    public ICgroup Cgroup { get; }

    /// <summary>Reads an interface file of the cgroup: v1 from the hierarchy carrying <paramref name="controller"/>.</summary>
    public string Read(string controller, string file)
    {
        var mountPoint = Layout.Mode == CgroupMode.Unified ? Layout.Unified!.MountPoint : Layout.V1(controller)!.MountPoint;
        return File.ReadAllText(Path.Combine(mountPoint, Cgroup.Path, file)).Trim();
    }

    public Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        _processes.Add(process);
        return process;
    }

    /// <summary>Every directory named <see cref="Name"/> directly under a hierarchy's mount point.</summary>
    public IReadOnlyList<string> Leftovers()
    {
        var mountPoints = Layout.V1Hierarchies.Select(h => h.MountPoint).ToList();
        if (Layout.Unified is { } unified)
            mountPoints.Add(unified.MountPoint);
        return mountPoints.Select(m => Path.Combine(m, Name)).Where(Directory.Exists).ToList();
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        try
        {
            if (Cgroup.Exists)
            {
                if (Cgroup.IsFrozen)
                    Cgroup.Thaw();
                Cgroup.KillAll(9);
            }
            Cgroup.Destroy();
        }
        finally
        {
            // The parent of a nested path is not the driver's to remove; remove it (and anything a failure left).
            foreach (var dir in Leftovers())
                RemoveTree(dir);
        }
    }

    private static void RemoveTree(string dir)
    {
        foreach (var child in Directory.GetDirectories(dir))
            RemoveTree(child);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                Directory.Delete(dir);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
        }
    }
}
