using Bock.Images.Snapshots;

namespace Bock.Host.Images;

/// <summary>
/// Mounts a container's overlay root. Behind an interface so that the create and remove paths are tested without
/// root (a recording fake) and proven against the kernel in the privileged tests.
/// </summary>
public interface IRootfsMounter
{
    void Mount(OverlayMountSpec spec, string target);

    /// <summary>Detaches whatever is mounted on <paramref name="target"/>; nothing mounted there is not an error.</summary>
    void Unmount(string target);

    bool IsMounted(string target);
}
