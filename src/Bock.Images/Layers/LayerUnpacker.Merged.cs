using System.Formats.Tar;
using System.Text;
using Bock.Kernel.Native;
using static Bock.Images.Native.FileSystemCalls;

namespace Bock.Images.Layers;

/// <summary>
/// Applying a layer onto a plain tree that holds the layers below it already (a <c>--output type=local</c> export,
/// Docker's <c>ApplyLayer</c>): a whiteout removes what it names, an opaque marker removes what its directory held
/// before this layer, and a directory this layer replaces with a file goes with its content. Same safety as
/// unpacking: every path resolves inside the target (symlinks re-rooted), removal never follows a symlink.
/// </summary>
public sealed partial class LayerUnpacker
{
    /// <summary>The paths this layer has made so far (tar paths), which its opaque markers must keep; null when unpacking in overlay format.</summary>
    private readonly HashSet<string>? _unpackedPaths;
    private readonly (int Uid, int Gid)? _owner;

    /// <summary>
    /// Applies <paramref name="layer"/> onto <paramref name="target"/> (which must exist and hold the layers below,
    /// merged). <paramref name="owner"/>, when given, owns everything written instead of the tar's owners.
    /// </summary>
    public static LayerUnpackResult ApplyMerged(Stream layer, string target, string what, string? expectedDiffId = null, (int Uid, int Gid)? owner = null) =>
        new LayerUnpacker(what, lowerDirs: null, merged: true, owner).UnpackWith(layer, target, expectedDiffId);

    private void ApplyMergedWhiteout(TarEntry entry, string dir, string name)
    {
        if (name.StartsWith(".wh..wh.", StringComparison.Ordinal) && name != ".wh..wh..opq")
            return; // aufs bookkeeping
        // a whiteout under a directory that is not there hides nothing: find it without creating it
        int dirFd = dir.Length == 0 ? _rootFd : OpenAt2.TryOpen(_rootFd, dir, O_RDONLY | O_DIRECTORY, InRoot);
        if (dirFd < 0)
        {
            if (-dirFd is ENOENT or ENOTDIR)
                return;
            throw Failure(entry, $"open directory '{dir}'", -dirFd);
        }
        try
        {
            if (name == ".wh..wh..opq")
            {
                var children = new List<byte[]>();
                if (DirectoryEntries.TryRead(dirFd, children) is int listError and not 0)
                    throw Failure(entry, "read directory", listError);
                foreach (byte[] child in children)
                {
                    string childPath = Encoding.UTF8.GetString(child, 0, child.Length - 1);
                    if (!_unpackedPaths!.Contains(dir.Length == 0 ? childPath : dir + "/" + childPath))
                        Remove(entry, dirFd, child);
                }
            }
            else
                Remove(entry, dirFd, [.. Encoding.UTF8.GetBytes(name[4..]), 0]);
        }
        finally
        {
            if (dirFd != _rootFd)
                Close(dirFd);
        }
        ForgetCachedDirectory(); // a directory on the cached path may be gone
    }

    private void Remove(TarEntry entry, int dirFd, byte[] nameZ)
    {
        if (TreeRemover.TryRemove(dirFd, nameZ) is int errno and not 0)
            throw Failure(entry, $"remove '{Encoding.UTF8.GetString(nameZ, 0, nameZ.Length - 1)}'", errno);
    }

    /// <summary>A non-empty directory an entry replaces: in a merged tree it holds the lower layers' content, which goes too.</summary>
    private bool RemoveMergedTree(TarEntry entry, int dirFd, string name)
    {
        Remove(entry, dirFd, [.. Encoding.UTF8.GetBytes(name), 0]);
        return true;
    }
}
