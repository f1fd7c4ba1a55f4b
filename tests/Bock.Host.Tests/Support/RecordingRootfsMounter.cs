using System.Collections.Concurrent;
using Bock.Host.Images;
using Bock.Images.Snapshots;

namespace Bock.Host.Tests.Support;

/// <summary>A mounter that only records: the create and remove paths without root or a kernel mount.</summary>
public sealed class RecordingRootfsMounter : IRootfsMounter
{
    private readonly ConcurrentDictionary<string, OverlayMountSpec> _mounted = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, OverlayMountSpec> Mounted => _mounted;

    public int Mounts { get; private set; }

    public void Mount(OverlayMountSpec spec, string target)
    {
        Mounts++;
        if (!_mounted.TryAdd(Path.GetFullPath(target), spec)) throw new IOException($"{target} is already mounted");
    }

    public void Unmount(string target) => _mounted.TryRemove(Path.GetFullPath(target), out _);

    public bool IsMounted(string target) => _mounted.ContainsKey(Path.GetFullPath(target));
}
