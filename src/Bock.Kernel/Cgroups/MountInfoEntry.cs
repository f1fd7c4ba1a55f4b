namespace Bock.Kernel.Cgroups;

/// <summary>One line of /proc/self/mountinfo, with the octal escapes in paths decoded.</summary>
/// <param name="Root">The path inside the mounted file system that appears at <paramref name="MountPoint"/>
/// (for a cgroup mount: the cgroup shown as the mount's top directory).</param>
internal sealed record MountInfoEntry(string Root, string MountPoint, string FsType, string Source, IReadOnlyList<string> SuperOptions);
