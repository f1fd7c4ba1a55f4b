using System.Formats.Tar;
using Bock.Images.Layers;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

/// <summary>
/// A container's files seen from the host, for <c>docker cp</c> and <c>docker export</c>: its root is the bundle's
/// (the overlay mount, which stays while the container exists). A path inside is resolved by the kernel within that
/// root (openat2 RESOLVE_IN_ROOT), so a symlink in the container — absolute or with <c>..</c> — can never lead out.
/// Writes go through the image library's safe unpacker, which confines every entry the same way.
/// </summary>
public sealed class ContainerFilesystem(string rootfs)
{
    public static ContainerFilesystem Of(ContainerRecord container)
    {
        var spec = SpecLoader.LoadBundle(container.BundlePath);
        return new ContainerFilesystem(Path.GetFullPath(spec.Root?.Path ?? "rootfs", container.BundlePath));
    }

    public string Root { get; } = rootfs;

    /// <summary>The host path of <paramref name="path"/> inside the container, or null when it does not exist.</summary>
    /// <param name="followLast">Whether a symlink as the last component is followed (cp's destination) or named (its source).</param>
    public string? Resolve(string path, bool followLast = true)
    {
        var inside = path.Trim('/');
        if (inside.Length == 0) return Root;
        var name = Path.GetFileName(inside);
        if (followLast || name is "." or "..") return RealPath(inside);
        // The last component named, not followed: its parent resolved, the name kept.
        var parent = RealPath(Path.GetDirectoryName(inside) ?? "");
        var full = parent is null ? null : Path.Combine(parent, name);
        return full is not null && (Path.Exists(full) || new FileInfo(full).LinkTarget is not null) ? full : null;
    }

    /// <summary>Docker's X-Docker-Container-Path-Stat: name, size, Go FileMode bits, mtime, link target.</summary>
    public static PathStatDto Stat(string hostPath, string name)
    {
        // Never follows a symlink: resolved here, on the host, its target would name the host's files.
        var info = new FileInfo(hostPath);
        var isLink = info.LinkTarget is not null;
        var isDirectory = !isLink && Directory.Exists(hostPath);
        var mode = isLink ? 0x1FFu | 1u << 27 /* Go's os.ModeSymlink */ : (uint)File.GetUnixFileMode(hostPath) & 0xFFF;
        if (isDirectory) mode |= 1u << 31; // Go's os.ModeDir
        return new PathStatDto
        {
            Name = name,
            Size = isDirectory || isLink ? 0 : info.Length,
            Mode = mode,
            Mtime = info.LastWriteTimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"),
            LinkTarget = info.LinkTarget ?? "",
        };
    }

    /// <summary>
    /// A tar of <paramref name="hostPath"/> under the entry name <paramref name="entryName"/> (a directory with all it
    /// holds, symlinks as symlinks), or of the whole root with relative names when <paramref name="entryName"/> is empty.
    /// </summary>
    public static async Task WriteTarAsync(string hostPath, string entryName, Stream output, CancellationToken ct)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var isDirectory = Directory.Exists(hostPath) && new FileInfo(hostPath).LinkTarget is null;
        if (entryName.Length > 0) await tar.WriteEntryAsync(hostPath, entryName, ct);
        if (!isDirectory) return;
        foreach (var entry in Walk(hostPath))
        {
            var relative = Path.GetRelativePath(hostPath, entry);
            await tar.WriteEntryAsync(entry, entryName.Length > 0 ? $"{entryName}/{relative}" : relative, ct);
        }
    }

    /// <summary>
    /// Everything under <paramref name="directory"/>, depth first in name order, never descending into a symlink: a
    /// container's <c>/etc -> /etc</c> names the container's own, and followed here it would be the host's.
    /// </summary>
    private static IEnumerable<string> Walk(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            yield return entry;
            if (new FileInfo(entry).LinkTarget is null && Directory.Exists(entry))
                foreach (var inner in Walk(entry)) yield return inner;
        }
    }

    /// <summary>Extracts a tar into <paramref name="directoryHostPath"/> (a directory inside the root), confined to it.</summary>
    /// <exception cref="UnsafeLayerEntryException">An entry that would leave the directory.</exception>
    public static void Extract(Stream tar, string directoryHostPath, string what) =>
        LayerUnpacker.Unpack(tar, directoryHostPath, what);

    private string? RealPath(string inside)
    {
        if (inside.Length == 0) return Root;
        var rootFd = OpenAt2.TryOpen(-100 /* AT_FDCWD */, Root, Unistd.O_PATH | Unistd.O_DIRECTORY, 0);
        if (rootFd < 0) throw new IOException($"cannot open the container's root {Root}: errno {-rootFd}");
        try
        {
            var fd = OpenAt2.TryOpen(rootFd, inside, Unistd.O_PATH, OpenAt2.RESOLVE_IN_ROOT | OpenAt2.RESOLVE_NO_MAGICLINKS);
            if (fd < 0) return null;
            try
            {
                return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
            }
            finally
            {
                Unistd.Close(fd);
            }
        }
        finally
        {
            Unistd.Close(rootFd);
        }
    }
}
