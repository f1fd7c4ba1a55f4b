using static Bock.Images.Native.FileSystemCalls;

namespace Bock.Images.Snapshots;

/// <summary>Performs an <see cref="OverlayMountSpec"/>: for tests and tools; the daemon mounts through its kernel pool.</summary>
public static class OverlayMounter
{
    private const int MNT_DETACH = 2;

    public static void Mount(OverlayMountSpec spec, string target)
    {
        Directory.CreateDirectory(target);
        if (Native.FileSystemCalls.Mount("overlay", target, "overlay", 0, spec.Options) < 0)
            throw new IOException($"mount overlay on {target} ({spec.Options}): {Describe(Errno)}");
    }

    public static void Unmount(string target)
    {
        if (Umount2(target, MNT_DETACH) < 0)
            throw new IOException($"umount {target}: {Describe(Errno)}");
    }
}
