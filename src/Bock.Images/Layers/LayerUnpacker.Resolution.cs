using Bock.Kernel.Native;
using static Bock.Images.Native.FileSystemCalls;

namespace Bock.Images.Layers;

/// <summary>
/// Where an entry's parent directory is. A layer's paths mean what they mean in the image's merged file system, so
/// its parents are resolved the way overlayfs would see them: through this layer's entries first, then the lower
/// snapshots top-most first (whiteouts hide, opaque directories stop the merge), every symlink followed re-rooted at
/// the snapshot root (an absolute target or a <c>..</c> never leaves it), as Docker and containerd do. Missing
/// directories are then made in this layer along the resolved path, copying mode, owner and mtime from the lower
/// directory they stand for, so <c>lib/foo</c> under a lower <c>lib -&gt; usr/lib</c> is written to <c>usr/lib/foo</c>.
/// </summary>
public sealed partial class LayerUnpacker
{
    private const int MaxSymlinks = 40; // the kernel's own limit (ELOOP)
    private const ulong InRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

    private readonly Func<IReadOnlyList<string>>? _lowerDirs;
    private List<int>? _layerRoots;

    /// <summary>One component of a resolved path: its name and, for a directory only a lower layer has, its metadata.</summary>
    private readonly record struct Component(string Name, Statx? Lower);

    /// <summary>A directory as the merge sees it: its fd in each layer that contributes to it, top-most first.</summary>
    private sealed class MergedDirectory(List<(int Layer, int Fd)> layers, bool ownsFds) : IDisposable
    {
        public List<(int Layer, int Fd)> Layers { get; } = layers;

        public void Dispose()
        {
            if (!ownsFds)
                return;
            foreach ((_, int fd) in Layers)
                Close(fd);
        }
    }

    /// <summary>Opens <paramref name="dir"/> (a tar path, already checked lexically) as this layer's directory, creating it as needed.</summary>
    private (int Fd, string RealPath) OpenDirectoryUncached(string entryName, string dir)
    {
        // Fast path: the directory exists in this layer. Every lookup then hit this layer, the top-most one,
        // so the result is what the merge would give.
        int fd = OpenAt2.TryOpen(_rootFd, dir, O_PATH | O_DIRECTORY, InRoot);
        if (fd >= 0)
            return (fd, dir);
        if (-fd != ENOENT)
            throw DirectoryError(entryName, dir, -fd);
        List<Component> path = ResolveMerged(entryName, dir);
        return (MakeInThisLayer(entryName, dir, path), string.Join('/', path.Select(c => c.Name)));
    }

    private Exception DirectoryError(string entryName, string dir, int errno) => errno switch
    {
        ENOTDIR => new Oci.ImageFormatException($"{_what}: entry '{entryName}': a component of '{dir}' is not a directory"),
        ELOOP => new Oci.ImageFormatException($"{_what}: entry '{entryName}': too many levels of symlinks resolving '{dir}'"),
        _ => new IOException($"{_what}: entry '{entryName}': open directory '{dir}': {Describe(errno)}"),
    };

    /// <summary>Resolves <paramref name="dir"/> through every layer to a path of real directories, symlinks followed.</summary>
    private List<Component> ResolveMerged(string entryName, string dir)
    {
        List<int> roots = LayerRoots();
        var pending = new Stack<string>(dir.Split('/').Reverse());
        var path = new List<Component>();
        // levels[k] is the merged directory at depth k; level 0, the roots, is not ours to close.
        var levels = new List<MergedDirectory> { new(roots.Select((fd, i) => (i, fd)).ToList(), ownsFds: false) };
        int symlinks = 0;
        try
        {
            while (pending.TryPop(out string? name))
            {
                if (name is "" or ".")
                    continue;
                if (name == "..")
                {
                    // At the root, ".." stays there: that is what keeps a symlink from leading out.
                    if (path.Count > 0)
                    {
                        path.RemoveAt(path.Count - 1);
                        levels[^1].Dispose();
                        levels.RemoveAt(levels.Count - 1);
                    }
                    continue;
                }
                Lookup found = Find(levels[^1], name);
                switch (found.Kind)
                {
                    case LookupKind.Directory:
                        path.Add(new Component(name, found.Layers!.Layers[0].Layer == 0 ? null : found.Metadata));
                        levels.Add(found.Layers);
                        break;
                    case LookupKind.Missing:
                        path.Add(new Component(name, null));
                        levels.Add(new MergedDirectory([], ownsFds: true));
                        break;
                    case LookupKind.Symlink:
                        if (++symlinks > MaxSymlinks)
                            throw DirectoryError(entryName, dir, ELOOP);
                        string target = ReadLink(entryName, found.SymlinkParent, name);
                        foreach (string part in target.Split('/').Reverse())
                            pending.Push(part);
                        if (target.StartsWith('/'))
                        {
                            path.Clear();
                            for (int i = levels.Count - 1; i > 0; i--)
                                levels[i].Dispose();
                            levels.RemoveRange(1, levels.Count - 1);
                        }
                        break;
                    default:
                        throw DirectoryError(entryName, dir, ENOTDIR);
                }
            }
            return path;
        }
        finally
        {
            foreach (MergedDirectory level in levels)
                level.Dispose();
        }
    }

    private enum LookupKind { Missing, Directory, Symlink, NotDirectory }

    private readonly record struct Lookup(LookupKind Kind, MergedDirectory? Layers = null, Statx Metadata = default, int SymlinkParent = -1);

    /// <summary>Looks <paramref name="name"/> up in a merged directory as overlayfs does.</summary>
    private unsafe Lookup Find(MergedDirectory parent, string name)
    {
        var dirs = new List<(int Layer, int Fd)>();
        Statx top = default;
        try
        {
            foreach ((int layer, int fd) in parent.Layers)
            {
                Statx st;
                if (StatxCall(fd, name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &st) < 0)
                {
                    int errno = Errno;
                    if (errno == ENOENT)
                        continue;
                    throw new IOException($"{_what}: stat '{name}' in layer {layer}: {Describe(errno)}");
                }
                uint type = st.Mode & S_IFMT;
                if (dirs.Count == 0)
                {
                    if (type == S_IFCHR && st.RdevMajor == 0 && st.RdevMinor == 0)
                        return new Lookup(LookupKind.Missing); // a whiteout hides the name in every layer below
                    if (type == S_IFLNK)
                        return new Lookup(LookupKind.Symlink, SymlinkParent: fd);
                    if (type != S_IFDIR)
                        return new Lookup(LookupKind.NotDirectory);
                    top = st;
                }
                else if (type != S_IFDIR)
                    break; // a lower non-directory (or whiteout) under a directory: the merge stops
                int child = Openat(fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
                if (child < 0)
                    throw new IOException($"{_what}: open '{name}' in layer {layer}: {Describe(Errno)}");
                dirs.Add((layer, child));
                if (IsOpaque(child))
                    break;
            }
        }
        catch
        {
            foreach ((_, int fd) in dirs)
                Close(fd);
            throw;
        }
        return dirs.Count == 0 ? new Lookup(LookupKind.Missing) : new Lookup(LookupKind.Directory, new MergedDirectory(dirs, ownsFds: true), top);
    }

    private static unsafe bool IsOpaque(int dirFd)
    {
        byte value = 0;
        return Lgetxattr($"/proc/self/fd/{dirFd}/.", "trusted.overlay.opaque", &value, 1) == 1 && value == (byte)'y';
    }

    private unsafe string ReadLink(string entryName, int dirFd, string name)
    {
        byte* buffer = stackalloc byte[4096];
        nint n = Readlinkat(dirFd, name, buffer, 4096);
        if (n < 0)
            throw new IOException($"{_what}: entry '{entryName}': readlink '{name}': {Describe(Errno)}");
        return System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }

    /// <summary>Makes the resolved <paramref name="path"/> exist in this layer and opens it.</summary>
    private unsafe int MakeInThisLayer(string entryName, string dir, List<Component> path)
    {
        int fd = _rootFd;
        try
        {
            for (int i = 0; i < path.Count; i++)
            {
                Component component = path[i];
                int next = Openat(fd, component.Name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
                if (next < 0 && Errno == ENOENT)
                {
                    if (Mkdirat(fd, component.Name, 493u) < 0)
                        throw new IOException($"{_what}: entry '{entryName}': mkdir '{component.Name}' (for '{dir}'): {Describe(Errno)}");
                    if (component.Lower is { } lower)
                    {
                        // chown before chmod: chown clears set-id bits the mode must keep.
                        if (Fchownat(fd, component.Name, (int)lower.Uid, (int)lower.Gid, AT_SYMLINK_NOFOLLOW) < 0
                            || Fchmodat(fd, component.Name, lower.Mode & 0xfffu, 0) < 0)
                            throw new IOException($"{_what}: entry '{entryName}': copy owner and mode to '{component.Name}': {Describe(Errno)}");
                        _directoryTimes.Add((string.Join('/', path.Take(i + 1).Select(c => c.Name)),
                            DateTimeOffset.FromUnixTimeSeconds(lower.MtimeSec).AddTicks(lower.MtimeNsec / 100)));
                    }
                    next = Openat(fd, component.Name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
                }
                if (next < 0)
                    throw DirectoryError(entryName, dir, Errno);
                if (fd != _rootFd)
                    Close(fd);
                fd = next;
            }
            return fd;
        }
        catch
        {
            if (fd != _rootFd)
                Close(fd);
            throw;
        }
    }

    /// <summary>This layer's root, then the lower snapshots' roots, top-most first (opened on first need).</summary>
    private List<int> LayerRoots()
    {
        if (_layerRoots is not null)
            return _layerRoots;
        var roots = new List<int> { _rootFd };
        foreach (string lower in _lowerDirs?.Invoke() ?? [])
        {
            int fd = Openat(AT_FDCWD, lower, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
            if (fd < 0)
            {
                foreach (int opened in roots.Skip(1))
                    Close(opened);
                throw new IOException($"{_what}: cannot open lower snapshot {lower}: {Describe(Errno)}");
            }
            roots.Add(fd);
        }
        return _layerRoots = roots;
    }

    private void CloseLayerRoots()
    {
        foreach (int fd in _layerRoots?.Skip(1) ?? [])
            Close(fd);
        _layerRoots = null;
    }
}
