using Bock.Kernel.Native;
using System.Formats.Tar;
using System.Text;
using Microsoft.Win32.SafeHandles;
using static Bock.Images.Native.FileSystemCalls;

namespace Bock.Images.Layers;

/// <summary>
/// Unpacks one layer tar into an empty directory, the way an overlay lower dir must look:
/// <c>.wh.name</c> becomes a 0/0 character device, <c>.wh..wh..opq</c> the <c>trusted.overlay.opaque</c> xattr;
/// owners, modes, xattrs, hardlinks, device nodes and mtimes are kept.
/// <para>
/// Safety: names are checked lexically (no <c>..</c>, no absolute path), and every parent directory and hardlink
/// target is resolved inside the snapshot: with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), or, when a parent is
/// missing from this layer, by the merged lookup of <c>LayerUnpacker.Resolution.cs</c> under the same rule. Symlinks
/// are followed re-rooted (an absolute target or a <c>..</c> above the root stays inside the snapshot, as Docker and
/// containerd resolve them), so no symlink can lead a write out. The entry itself is then created with an *at() call
/// on that directory fd with no-follow flags.
/// </para>
/// </summary>
public sealed partial class LayerUnpacker
{
    private readonly string _what;
    private readonly List<string> _notes = [];
    private readonly List<(string Path, DateTimeOffset MTime)> _directoryTimes = [];
    private int _rootFd = -1;
    private string? _cachedDir;
    private int _cachedDirFd = -1;

    private string _cachedRealDir = "";
    private IReadOnlyList<(string Key, byte[] Value)>? _xattrs;

    private LayerUnpacker(string what, Func<IReadOnlyList<string>>? lowerDirs, bool merged = false, (int Uid, int Gid)? owner = null)
    {
        _what = what;
        _lowerDirs = lowerDirs;
        _unpackedPaths = merged ? new HashSet<string>(StringComparer.Ordinal) : null;
        _owner = owner;
    }

    /// <summary>
    /// Unpacks <paramref name="layer"/> (tar, tar+gzip, tar+zstd) into <paramref name="target"/> (which must exist).
    /// With <paramref name="expectedDiffId"/> the uncompressed tar must hash to it. <paramref name="lowerDirs"/> gives
    /// the snapshots of the layers below, top-most first; it is called at most once, when an entry's parent directory
    /// is missing from this layer (so it may wait for them to be unpacked).
    /// </summary>
    public static LayerUnpackResult Unpack(Stream layer, string target, string what, string? expectedDiffId = null,
        Func<IReadOnlyList<string>>? lowerDirs = null) =>
        new LayerUnpacker(what, lowerDirs).UnpackWith(layer, target, expectedDiffId);

    private LayerUnpackResult UnpackWith(Stream layer, string target, string? expectedDiffId)
    {
        string what = _what;
        using var hashing = new HashingStream(LayerCompression.OpenUncompressed(layer, what));
        long entries;
        string diffId;
        try
        {
            entries = Run(hashing, target);
            diffId = hashing.FinishDigest();
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
        {
            // a decompressor's complaint, possibly from deep inside a file's data: say which layer
            throw new Oci.ImageFormatException($"{what}: corrupt compressed data: {e.Message}", e);
        }
        if (expectedDiffId is not null && diffId != expectedDiffId)
            throw new Content.DigestMismatchException($"{what} (uncompressed content, diff id)", expectedDiffId, diffId);
        return new LayerUnpackResult(diffId, entries, _notes);
    }

    private long Run(Stream tar, string target)
    {
        _rootFd = Openat(AT_FDCWD, target, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (_rootFd < 0)
            throw new IOException($"{_what}: cannot open snapshot directory {target}: {Describe(Errno)}");
        long count = 0;
        try
        {
            var tap = new PaxXattrTap(tar);
            using var reader = new TarReader(tap, leaveOpen: true);
            TarEntry? entry;
            while ((entry = NextEntry(reader)) is not null)
            {
                count++;
                bool wasInStep = !tap.LostStep;
                _xattrs = tap.Take(entry.Name);
                if (wasInStep && tap.LostStep)
                    _notes.Add($"{_what}: from entry '{entry.Name}' on, extended attributes are read as text (binary values may be altered)");
                Apply(entry);
            }
            // In entry order, so a later entry for the same directory wins.
            foreach ((string path, DateTimeOffset mtime) in _directoryTimes)
                SetDirectoryTime(path, mtime);
        }
        finally
        {
            if (_cachedDirFd >= 0)
                Close(_cachedDirFd);
            CloseLayerRoots();
            Close(_rootFd);
        }
        return count;
    }

    private TarEntry? NextEntry(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new Oci.ImageFormatException($"{_what}: not a valid tar archive: {e.Message}", e);
        }
    }

    /// <summary>Normalises a tar name to a relative path inside the root, or says why it cannot be one.</summary>
    internal static string SafeRelativePath(string layer, string entry, string name)
    {
        if (name.StartsWith('/'))
            throw new UnsafeLayerEntryException(layer, entry, "absolute path");
        var parts = new List<string>();
        foreach (string part in name.Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == "..")
                throw new UnsafeLayerEntryException(layer, entry, "path contains '..'");
            if (part.Contains('\0'))
                throw new UnsafeLayerEntryException(layer, entry, "path contains a NUL byte");
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private void Apply(TarEntry entry)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            return; // archive-wide metadata (git archive's commit id and the like), not a file
        string path = SafeRelativePath(_what, entry.Name, entry.Name);
        if (path.Length == 0)
            return;
        if (_owner is (int uid, int gid))
        {
            entry.Uid = uid;
            entry.Gid = gid;
        }
        int slash = path.LastIndexOf('/');
        string dir = slash < 0 ? "" : path[..slash];
        string name = slash < 0 ? path : path[(slash + 1)..];

        if (name.StartsWith(".wh.", StringComparison.Ordinal))
        {
            if (_unpackedPaths is not null)
                ApplyMergedWhiteout(entry, dir, name);
            else
                ApplyWhiteout(entry, dir, name);
            return;
        }
        _unpackedPaths?.Add(path);

        int dirFd = OpenDirectory(entry.Name, dir);
        string realDir = dir.Length == 0 ? "" : _cachedRealDir;
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (Mkdirat(dirFd, name, 448u) < 0)
                {
                    int errno = Errno;
                    if (errno != EEXIST)
                        throw Failure(entry, "mkdir", errno);
                    int existing = Openat(dirFd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
                    if (existing >= 0)
                        Close(existing);
                    else
                    {
                        RemoveExisting(entry, dirFd, name);
                        Check(entry, "mkdir", Mkdirat(dirFd, name, 448u));
                    }
                }
                SetMetadata(entry, dirFd, name, isSymlink: false);
                _directoryTimes.Add((realDir.Length == 0 ? name : realDir + "/" + name, entry.ModificationTime));
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                RemoveExisting(entry, dirFd, name);
                WriteFile(entry, dirFd, name);
                SetMetadata(entry, dirFd, name, isSymlink: false);
                SetTime(entry, dirFd, name);
                return;
            case TarEntryType.SymbolicLink:
                RemoveExisting(entry, dirFd, name);
                Check(entry, "symlink", Symlinkat(entry.LinkName, dirFd, name));
                Check(entry, "lchown", Fchownat(dirFd, name, entry.Uid, entry.Gid, AT_SYMLINK_NOFOLLOW));
                SetTime(entry, dirFd, name);
                return;
            case TarEntryType.HardLink:
                LinkFile(entry, dir, name);
                return;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                RemoveExisting(entry, dirFd, name);
                var posix = (PosixTarEntry)entry;
                uint type = entry.EntryType switch
                {
                    TarEntryType.CharacterDevice => S_IFCHR,
                    TarEntryType.BlockDevice => S_IFBLK,
                    _ => S_IFIFO,
                };
                ulong dev = entry.EntryType == TarEntryType.Fifo ? 0 : Makedev((uint)posix.DeviceMajor, (uint)posix.DeviceMinor);
                Check(entry, "mknod", Mknodat(dirFd, name, type | 384u, dev));
                SetMetadata(entry, dirFd, name, isSymlink: false);
                SetTime(entry, dirFd, name);
                return;
            default:
                _notes.Add($"{_what}: skipped entry '{entry.Name}' of unsupported type {entry.EntryType}");
                return;
        }
    }

    private void ApplyWhiteout(TarEntry entry, string dir, string name)
    {
        if (name == ".wh..wh..opq")
        {
            int dirFd = OpenDirectory(entry.Name, dir);
            SetXattr(entry, $"/proc/self/fd/{dirFd}/.", "trusted.overlay.opaque", "y"u8);
            return;
        }
        if (name.StartsWith(".wh..wh.", StringComparison.Ordinal))
            return; // aufs bookkeeping (.wh..wh.plnk and the like), meaningless for overlay
        string hidden = name[4..];
        int parentFd = OpenDirectory(entry.Name, dir);
        RemoveExisting(entry, parentFd, hidden);
        Check(entry, "mknod (whiteout)", Mknodat(parentFd, hidden, S_IFCHR, 0));
    }

    /// <summary>
    /// Opens <paramref name="dir"/> inside the root, creating missing directories on the way; for a non-empty
    /// <paramref name="dir"/>, <c>_cachedRealDir</c> is then where it really is. The returned fd is cached and owned
    /// by the unpacker.
    /// </summary>
    private int OpenDirectory(string entryName, string dir)
    {
        if (dir.Length == 0)
            return _rootFd;
        if (dir == _cachedDir)
            return _cachedDirFd;
        (int fd, string real) = OpenDirectoryUncached(entryName, dir);
        if (_cachedDirFd >= 0)
            Close(_cachedDirFd);
        _cachedDir = dir;
        _cachedDirFd = fd;
        _cachedRealDir = real;
        return fd;
    }

    /// <summary>Forgets the cached directory: a directory was removed, so a path may now resolve elsewhere.</summary>
    private void ForgetCachedDirectory()
    {
        if (_cachedDirFd >= 0)
            Close(_cachedDirFd);
        _cachedDir = null;
        _cachedDirFd = -1;
        _cachedRealDir = "";
    }

    private void RemoveExisting(TarEntry entry, int dirFd, string name)
    {
        if (Unlinkat(dirFd, name, 0) == 0)
            return;
        int errno = Errno;
        if (errno == ENOENT)
            return;
        if (errno == EISDIR && (Unlinkat(dirFd, name, AT_REMOVEDIR) == 0
            || (_unpackedPaths is not null && RemoveMergedTree(entry, dirFd, name))))
        {
            if (dirFd != _cachedDirFd)
                ForgetCachedDirectory();
            return;
        }
        throw Failure(entry, "remove the existing entry", errno == EISDIR ? Errno : errno);
    }

    private void WriteFile(TarEntry entry, int dirFd, string name)
    {
        int fd = Openat(dirFd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 384u);
        if (fd < 0)
            throw Failure(entry, "create", Errno);
        using (var handle = new SafeFileHandle(fd, ownsHandle: true))
        {
            if (entry.DataStream is { } data && entry.Length > 0)
            {
                using var file = new FileStream(handle, FileAccess.Write, 0);
                data.CopyTo(file, 1 << 17);
            }
        }
        // chown first: it clears set-id bits that the mode below must keep. The name is the file we just created
        // with O_EXCL | O_NOFOLLOW in a directory only we write to, so the path calls reach that same file.
        Check(entry, "chown", Fchownat(dirFd, name, entry.Uid, entry.Gid, AT_SYMLINK_NOFOLLOW));
        Check(entry, "chmod", Fchmodat(dirFd, name, (uint)entry.Mode, 0));
    }

    private void LinkFile(TarEntry entry, string dir, string name)
    {
        string target = SafeRelativePath(_what, entry.Name, entry.LinkName);
        if (target.Length == 0)
            throw new UnsafeLayerEntryException(_what, entry.Name, "hardlink to the snapshot root");
        // The target's parents resolve like any entry's (inside the root, through lower layers); the target itself
        // is never followed, so a hardlink to a symlink links the symlink, as tar does.
        int slash = target.LastIndexOf('/');
        int parentFd = slash < 0 ? _rootFd : OpenDirectory(entry.Name, target[..slash]);
        int targetFd = Openat(parentFd, target[(slash + 1)..], O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
        if (targetFd < 0)
            throw new Oci.ImageFormatException($"{_what}: entry '{entry.Name}': hardlink target '{entry.LinkName}' not found in this layer ({Describe(Errno)})");
        try
        {
            int dirFd = OpenDirectory(entry.Name, dir);
            RemoveExisting(entry, dirFd, name);
            Check(entry, "link", Linkat(targetFd, "", dirFd, name, AT_EMPTY_PATH));
        }
        finally
        {
            Close(targetFd);
        }
    }

    private void SetMetadata(TarEntry entry, int dirFd, string name, bool isSymlink)
    {
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
        {
            Check(entry, "chown", Fchownat(dirFd, name, entry.Uid, entry.Gid, AT_SYMLINK_NOFOLLOW));
            if (!isSymlink)
                Check(entry, "chmod", Fchmodat(dirFd, name, (uint)entry.Mode, 0));
        }
        if (_xattrs is not null)
        {
            foreach ((string key, byte[] value) in _xattrs)
                SetXattr(entry, $"/proc/self/fd/{dirFd}/{name}", key, value);
        }
        else if (entry is PaxTarEntry pax)
        {
            // The tap lost step with TarReader: its strings are all there is (exact for text values).
            foreach ((string key, string value) in pax.ExtendedAttributes)
            {
                if (key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal))
                    SetXattr(entry, $"/proc/self/fd/{dirFd}/{name}", key["SCHILY.xattr.".Length..], Encoding.UTF8.GetBytes(value));
                else if (key.StartsWith("LIBARCHIVE.xattr.", StringComparison.Ordinal))
                    SetXattr(entry, $"/proc/self/fd/{dirFd}/{name}", Uri.UnescapeDataString(key["LIBARCHIVE.xattr.".Length..]), Convert.FromBase64String(value.PadRight((value.Length + 3) / 4 * 4, '=')));
            }
        }
    }

    private unsafe void SetXattr(TarEntry entry, string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* v = value)
        {
            if (Lsetxattr(path, name, v, (nuint)value.Length, 0) < 0)
                throw Failure(entry, $"set xattr {name}", Errno);
        }
    }

    private unsafe void SetTime(TarEntry entry, int dirFd, string name)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { Sec = 0, Nsec = UTIME_OMIT };
        times[1] = ToTimespec(entry.ModificationTime);
        Check(entry, "set mtime", Utimensat(dirFd, name, times, AT_SYMLINK_NOFOLLOW));
    }

    private unsafe void SetDirectoryTime(string path, DateTimeOffset mtime)
    {
        int fd = OpenAt2.TryOpen(_rootFd, path, O_PATH | O_DIRECTORY | O_NOFOLLOW, InRoot);
        if (fd < 0)
            return; // replaced by a later entry
        try
        {
            Timespec* times = stackalloc Timespec[2];
            times[0] = new Timespec { Sec = 0, Nsec = UTIME_OMIT };
            times[1] = ToTimespec(mtime);
            Utimensat(AT_FDCWD, $"/proc/self/fd/{fd}", times, 0);
        }
        finally
        {
            Close(fd);
        }
    }

    private static Timespec ToTimespec(DateTimeOffset time)
    {
        long ticks = (time.UtcDateTime - DateTime.UnixEpoch).Ticks;
        long sec = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0)
        {
            sec--;
            rem += TimeSpan.TicksPerSecond;
        }
        return new Timespec { Sec = sec, Nsec = rem * 100 };
    }

    private void Check(TarEntry entry, string operation, int result)
    {
        if (result < 0)
            throw Failure(entry, operation, Errno);
    }

    private IOException Failure(TarEntry entry, string operation, int errno) =>
        new($"{_what}: entry '{entry.Name}': {operation}: {Describe(errno)}");
}
