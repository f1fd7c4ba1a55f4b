namespace Bock.Images.Snapshots;

/// <summary>
/// Layer snapshots for overlayfs. Each layer is unpacked once into <c>&lt;root&gt;/&lt;chain hex&gt;/fs</c> and shared
/// read-only; a container's root is an active snapshot (<c>&lt;root&gt;/active/&lt;key&gt;/{upper,work}</c>) over them.
/// A layer is unpacked into a private directory and renamed into place, so a crash or a concurrent unpacker never
/// exposes a half-written snapshot (the loser of a race discards its copy).
/// </summary>
public sealed class OverlaySnapshotter
{
    private readonly string _root;
    private readonly string _active;

    public OverlaySnapshotter(string root)
    {
        _root = root;
        _active = Path.Combine(root, "active");
        Directory.CreateDirectory(_active);
    }

    public string FsDir(string chainId) => Path.Combine(_root, Content.Digest.Hex(chainId), "fs");

    public bool Exists(string chainId) => Directory.Exists(FsDir(chainId));

    /// <summary>Creates the snapshot of <paramref name="chainId"/> with <paramref name="fill"/> unless it exists.</summary>
    public async Task CommitAsync(string chainId, Func<string, Task> fill)
    {
        if (Exists(chainId))
            return;
        string temp = Path.Combine(_root, "tmp-" + Guid.NewGuid().ToString("N"));
        string tempFs = Path.Combine(temp, "fs");
        Directory.CreateDirectory(tempFs);
        try
        {
            await fill(tempFs).ConfigureAwait(false);
            string final = Path.GetDirectoryName(FsDir(chainId))!;
            try
            {
                Directory.Move(temp, final);
            }
            catch (IOException) when (Exists(chainId))
            {
                // another unpacker won the race; its snapshot is identical
            }
        }
        finally
        {
            if (Directory.Exists(temp))
                RemoveTree(temp);
        }
    }

    /// <summary>Prepares an active snapshot <paramref name="key"/> over <paramref name="chainIds"/> (bottom first).</summary>
    public OverlayMountSpec Prepare(string key, IReadOnlyList<string> chainIds)
    {
        ValidateKey(key);
        foreach (string chain in chainIds)
        {
            if (!Exists(chain))
                throw new InvalidOperationException($"snapshot {chain} does not exist: unpack the image first");
        }
        string dir = Path.Combine(_active, key);
        // The upper directory's mode is the mounted root's: 0755 as a container expects, whatever the umask.
        Directory.CreateDirectory(Path.Combine(dir, "upper"));
        File.SetUnixFileMode(Path.Combine(dir, "upper"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.Combine(dir, "work"));
        File.WriteAllLines(Path.Combine(dir, "parents"), chainIds);
        return Describe(key, chainIds);
    }

    public OverlayMountSpec Describe(string key, IReadOnlyList<string> chainIds)
    {
        ValidateKey(key);
        string dir = Path.Combine(_active, key);
        return new OverlayMountSpec(chainIds.Reverse().Select(FsDir).ToList(), Path.Combine(dir, "upper"), Path.Combine(dir, "work"));
    }

    /// <summary>Bytes in an active snapshot's upper directory: what the container wrote (0 if there is none).</summary>
    public long UpperSize(string key)
    {
        var upper = new DirectoryInfo(Path.Combine(_active, key, "upper"));
        if (!upper.Exists) return 0;
        return upper.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true })
            .Sum(f => f.Length);
    }

    public IEnumerable<string> ListActive() => Directory.EnumerateDirectories(_active).Select(Path.GetFileName)!;

    public void RemoveActive(string key)
    {
        ValidateKey(key);
        string dir = Path.Combine(_active, key);
        if (Directory.Exists(dir))
            RemoveTree(dir);
    }

    /// <summary>Chain ids of the committed snapshots, and of those the active snapshots stand on.</summary>
    public IEnumerable<string> ListCommitted() => Directory.EnumerateDirectories(_root)
        .Select(d => Content.Digest.Sha256Prefix + Path.GetFileName(d))
        .Where(Content.Digest.IsValid);

    public IEnumerable<string> ActiveParents() => ListActive()
        .SelectMany(k => File.Exists(Path.Combine(_active, k, "parents")) ? File.ReadAllLines(Path.Combine(_active, k, "parents")) : []);

    public void RemoveCommitted(string chainId)
    {
        string dir = Path.GetDirectoryName(FsDir(chainId))!;
        if (Directory.Exists(dir))
            RemoveTree(dir);
    }

    /// <summary>Removes leftovers of crashed unpacks; call only under the store's exclusive lock.</summary>
    public void RemoveTemporaries()
    {
        foreach (string d in Directory.EnumerateDirectories(_root, "tmp-*"))
            RemoveTree(d);
    }

    private static void ValidateKey(string key)
    {
        if (key.Length == 0 || key.Contains('/') || key is "." or ".." || key.Contains('\0'))
            throw new ArgumentException($"invalid snapshot key '{key}'", nameof(key));
    }

    /// <summary>Deletes a tree without following symlinks (Directory.Delete does not follow them either).</summary>
    internal static void RemoveTree(string path) => Directory.Delete(path, recursive: true);
}
