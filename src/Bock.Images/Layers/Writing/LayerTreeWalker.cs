using System.Text;
using Microsoft.Win32.SafeHandles;
using static Bock.Images.Native.FileSystemCalls;

namespace Bock.Images.Layers.Writing;

/// <summary>
/// Walks a directory in overlay upper format and yields its tar entries in a fixed order: depth first, siblings by
/// their tar name compared bytewise, a directory before its content and an opaque directory's <c>.wh..wh..opq</c>
/// right after the directory. Whiteouts (0/0 character devices) become empty <c>.wh.&lt;name&gt;</c> files, a second
/// path to an inode already written becomes a hardlink to the first one.
/// <para>
/// Safety: every directory is opened relative to its parent's fd with O_NOFOLLOW and files are opened with
/// O_NOFOLLOW (and checked to be the inode that was listed), so no symlink, whatever it points at, is ever followed
/// out of the layer: a symlink is written as a symlink.
/// </para>
/// </summary>
internal sealed unsafe class LayerTreeWalker(string layerDir, LayerWriteOptions options)
{
    private const string OverlayXattrPrefix = "trusted.overlay.";
    private static readonly byte[] WhiteoutPrefix = ".wh."u8.ToArray();
    private static readonly byte[] OpaqueMarker = ".wh..wh..opq"u8.ToArray();

    private readonly Dictionary<(uint, uint, ulong), byte[]> _firstPaths = [];

    /// <summary>What the writer keeps of a statx (a directory's children wait on the stack with it: not all 256 bytes).</summary>
    private readonly record struct EntryStat(uint Mode, uint Uid, uint Gid, long MtimeSec, uint Nlink, ulong Ino, uint DevMajor, uint DevMinor,
        uint RdevMajor, uint RdevMinor, ulong Size)
    {
        public static EntryStat From(in Statx st) => new(st.Mode, st.Uid, st.Gid, st.MtimeSec, st.Nlink, st.Ino, st.DevMajor, st.DevMinor,
            st.RdevMajor, st.RdevMinor, st.Size);
    }

    private sealed record Child(byte[] NameZ, byte[] TarName, EntryStat Stat)
    {
        public ReadOnlySpan<byte> Name => NameZ.AsSpan(0, NameZ.Length - 1);
    }

    private sealed class Frame(int fd, byte[] prefix, List<Child> children) : IDisposable
    {
        public int Fd { get; } = fd;
        public byte[] Prefix { get; } = prefix;
        public List<Child> Children { get; } = children;
        public int Next { get; set; }

        public void Dispose() => Close(Fd);
    }

    public IEnumerable<LayerTarEntry> Walk(CancellationToken ct)
    {
        int rootFd = Openat(AT_FDCWD, layerDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (rootFd < 0)
            throw new IOException($"layer {layerDir}: cannot open: {Describe(Errno)}");
        Frame root;
        try
        {
            root = new Frame(rootFd, [], List(rootFd, []));
        }
        catch
        {
            Close(rootFd);
            throw;
        }
        var stack = new Stack<Frame>();
        stack.Push(root);
        try
        {
            while (stack.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                Frame frame = stack.Peek();
                if (frame.Next == frame.Children.Count)
                {
                    stack.Pop().Dispose();
                    continue;
                }
                Child child = frame.Children[frame.Next++];
                byte[] path = [.. frame.Prefix, .. child.TarName];
                EntryStat st = child.Stat;
                uint type = st.Mode & S_IFMT;
                if (IsWhiteout(st))
                {
                    // the whiteout's own mode is meaningless: 0600 as Docker writes it
                    yield return Entry(path, LayerTarEntry.RegularFile, st) with { Mode = 0x180 };
                    continue;
                }
                if (type == 0xC000u)
                    continue; // a socket: tar has no type for one, and a socket outlives no process anyway
                (List<(byte[], byte[])> xattrs, bool opaque) = ReadXattrs(frame.Fd, child, path, type == S_IFDIR);
                if (type == S_IFDIR)
                {
                    int fd = OpenDirectory(frame.Fd, child, path);
                    var next = new Frame(fd, path, []);
                    stack.Push(next);
                    CheckSameInode(fd, st, path);
                    next.Children.AddRange(List(fd, path));
                    yield return Entry(path, LayerTarEntry.Directory, st) with { Xattrs = xattrs };
                    if (opaque)
                        yield return Entry([.. path, .. OpaqueMarker], LayerTarEntry.RegularFile, st) with { Mode = st.Mode & 0x1ffu, Xattrs = [] };
                    continue;
                }
                if (st.Nlink > 1)
                {
                    (uint, uint, ulong) inode = (st.DevMajor, st.DevMinor, st.Ino);
                    if (_firstPaths.TryGetValue(inode, out byte[]? first))
                    {
                        yield return Entry(path, LayerTarEntry.HardLink, st) with { LinkName = first };
                        continue;
                    }
                    _firstPaths[inode] = path;
                }
                switch (type)
                {
                    case S_IFREG:
                        SafeFileHandle content = OpenFile(frame.Fd, child, path, out long size);
                        yield return Entry(path, LayerTarEntry.RegularFile, st) with { Size = size, Xattrs = xattrs, Content = content };
                        break;
                    case S_IFLNK:
                        yield return Entry(path, LayerTarEntry.Symlink, st) with { LinkName = ReadLink(frame.Fd, child, path), Xattrs = xattrs };
                        break;
                    case S_IFCHR or S_IFBLK:
                        yield return Entry(path, type == S_IFCHR ? LayerTarEntry.CharacterDevice : LayerTarEntry.BlockDevice, st)
                            with { DevMajor = st.RdevMajor, DevMinor = st.RdevMinor, Xattrs = xattrs };
                        break;
                    case S_IFIFO:
                        yield return Entry(path, LayerTarEntry.Fifo, st) with { Xattrs = xattrs };
                        break;
                }
            }
        }
        finally
        {
            while (stack.Count > 0)
                stack.Pop().Dispose();
        }
    }

    private LayerTarEntry Entry(byte[] path, byte typeFlag, EntryStat st)
    {
        long mtime = Math.Max(0, st.MtimeSec);
        if (options.SourceDateEpoch is long epoch && mtime > epoch)
            mtime = epoch;
        return new LayerTarEntry(path, typeFlag, st.Mode & 0xfffu,
            options.NormalizeOwners ? 0 : st.Uid, options.NormalizeOwners ? 0 : st.Gid, mtime);
    }

    private static bool IsWhiteout(in EntryStat st) => (st.Mode & S_IFMT) == S_IFCHR && st.RdevMajor == 0 && st.RdevMinor == 0;

    /// <summary>A directory's children, stat'ed (without following) and sorted by the name they get in the tar.</summary>
    private List<Child> List(int dirFd, byte[] prefix)
    {
        var namesZ = new List<byte[]>();
        if (DirectoryEntries.TryRead(dirFd, namesZ) is int listError and not 0)
            throw Failure(prefix, "read directory", listError);
        var children = new List<Child>(namesZ.Count);
        foreach (byte[] nameZ in namesZ)
        {
            ReadOnlySpan<byte> name = nameZ.AsSpan(0, nameZ.Length - 1);
            Statx st;
            fixed (byte* p = nameZ)
            {
                if (StatxRaw(dirFd, p, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &st) < 0)
                {
                    int errno = Errno;
                    if (errno == ENOENT)
                        continue; // removed since it was listed
                    throw Failure([.. prefix, .. name], "stat", errno);
                }
            }
            var stat = EntryStat.From(st);
            byte[] tarName;
            if (IsWhiteout(stat))
                tarName = [.. WhiteoutPrefix, .. name];
            else if (name.StartsWith(WhiteoutPrefix))
                throw new LayerWriteException(layerDir, Text([.. prefix, .. name]), "a file named '.wh.*' would be read as a whiteout: a layer cannot carry it");
            else
                tarName = (st.Mode & S_IFMT) == S_IFDIR ? [.. name, (byte)'/'] : name.ToArray();
            children.Add(new Child(nameZ, tarName, stat));
        }
        children.Sort((a, b) => a.TarName.AsSpan().SequenceCompareTo(b.TarName));
        return children;
    }

    /// <summary>
    /// The entry's extended attributes sorted by name, without overlayfs's own (<c>trusted.overlay.*</c>), and whether
    /// it is an opaque directory. A redirect or metacopy upper entry refers to data in a lower layer: no tar can hold it.
    /// </summary>
    private (List<(byte[], byte[])> Xattrs, bool Opaque) ReadXattrs(int dirFd, Child child, byte[] path, bool isDirectory)
    {
        byte[] procPath = [.. Encoding.ASCII.GetBytes($"/proc/self/fd/{dirFd}/"), .. child.NameZ];
        var xattrs = new List<(byte[], byte[])>();
        bool opaque = false;
        byte[]? names = ReadXattrBuffer(path, "list xattrs", (buffer, size) =>
        {
            fixed (byte* p = procPath)
                return LlistxattrRaw(p, (byte*)buffer, size);
        });
        if (names is null)
            return (xattrs, false);
        foreach (Range range in names.AsSpan().Split((byte)0))
        {
            byte[] nameZ = [.. names.AsSpan(range), 0];
            if (nameZ.Length == 1)
                continue;
            byte[]? value = ReadXattrBuffer(path, "read xattr", (buffer, size) =>
            {
                fixed (byte* p = procPath)
                fixed (byte* n = nameZ)
                    return LgetxattrRaw(p, n, (byte*)buffer, size);
            });
            if (value is null)
                continue; // removed since it was listed
            string name = Encoding.UTF8.GetString(nameZ.AsSpan(0, nameZ.Length - 1));
            if (name.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal))
            {
                if (name is "trusted.overlay.redirect" or "trusted.overlay.metacopy")
                    throw new LayerWriteException(layerDir, Text(path), $"overlayfs {name[OverlayXattrPrefix.Length..]} entry: its data is in a lower layer (mount without redirect_dir/metacopy)");
                if (isDirectory && name == "trusted.overlay.opaque" && value.AsSpan().SequenceEqual("y"u8))
                    opaque = true;
                continue;
            }
            xattrs.Add((nameZ[..^1], value));
        }
        xattrs.Sort((a, b) => a.Item1.AsSpan().SequenceCompareTo(b.Item1));
        return (xattrs, opaque);
    }

    /// <summary>The size-then-read protocol of the *xattr calls; null when there is nothing (no data, unsupported).</summary>
    private byte[]? ReadXattrBuffer(byte[] path, string what, Func<nint, nuint, nint> call)
    {
        const int ENOTSUP = 95;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            nint size = call(0, 0);
            if (size < 0)
            {
                int errno = Errno;
                if (errno is ENODATA or ENOTSUP)
                    return null;
                throw Failure(path, what, errno);
            }
            byte[] buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                nint n = call((nint)b, (nuint)size);
                if (n >= 0)
                    return n == size ? buffer : buffer[..(int)n];
                int errno = Errno;
                if (errno == ERANGE)
                    continue; // grew between the two calls
                if (errno is ENODATA or ENOTSUP)
                    return null;
                throw Failure(path, what, errno);
            }
        }
        throw Failure(path, what, ERANGE);
    }

    private int OpenDirectory(int dirFd, Child child, byte[] path)
    {
        int fd;
        fixed (byte* p = child.NameZ)
            fd = OpenatRaw(dirFd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        return fd >= 0 ? fd : throw Failure(path, "open directory", Errno);
    }

    private SafeFileHandle OpenFile(int dirFd, Child child, byte[] path, out long size)
    {
        int fd;
        fixed (byte* p = child.NameZ)
            fd = OpenatRaw(dirFd, p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0)
            throw Failure(path, "open", Errno);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            size = (long)CheckSameInode(fd, child.Stat, path).Size;
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The opened fd is the inode that was listed (not something swapped in since), and its current stat.</summary>
    private Statx CheckSameInode(int fd, in EntryStat listed, byte[] path)
    {
        Statx now;
        byte empty = 0;
        if (StatxRaw(fd, &empty, AT_EMPTY_PATH, STATX_BASIC_STATS, &now) < 0)
            throw Failure(path, "stat", Errno);
        if (now.Ino != listed.Ino || (now.Mode & S_IFMT) != (listed.Mode & S_IFMT))
            throw new LayerWriteException(layerDir, Text(path), "replaced while the layer was written");
        return now;
    }

    private byte[] ReadLink(int dirFd, Child child, byte[] path)
    {
        for (int size = Math.Max(256, (int)child.Stat.Size + 1); ; size *= 2)
        {
            byte[] buffer = new byte[size];
            nint n;
            fixed (byte* p = child.NameZ)
            fixed (byte* b = buffer)
                n = ReadlinkatRaw(dirFd, p, b, (nuint)size);
            if (n < 0)
                throw Failure(path, "readlink", Errno);
            if (n < size)
                return buffer[..(int)n];
        }
    }

    private IOException Failure(byte[] path, string operation, int errno) =>
        new($"layer {layerDir}: '{Text(path)}': {operation}: {Describe(errno)}");

    private static string Text(byte[] path) => Encoding.UTF8.GetString(path);
}
