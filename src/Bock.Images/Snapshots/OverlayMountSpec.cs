namespace Bock.Images.Snapshots;

/// <summary>
/// An overlay mount, described and not performed (containerd's style): the caller (a kernel actor) mounts it.
/// <see cref="LowerDirs"/> are top layer first, as overlayfs wants them.
/// </summary>
public sealed record OverlayMountSpec(IReadOnlyList<string> LowerDirs, string UpperDir, string WorkDir)
{
    public string Options => $"lowerdir={string.Join(':', LowerDirs)},upperdir={UpperDir},workdir={WorkDir}";
}
