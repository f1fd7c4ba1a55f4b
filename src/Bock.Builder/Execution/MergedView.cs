using System.Runtime.InteropServices;

namespace Bock.Builder.Execution;

/// <summary>
/// A stage's or image's files as one read-only tree, for COPY --from and RUN --mount=type=bind,from: its one
/// snapshot dir as it is, or a read-only overlay of its snapshot dirs (no upper) mounted under the build's work dir
/// and detached on dispose.
/// </summary>
internal sealed partial class MergedView : IDisposable
{
    private const int MntDetach = 2;
    private const ulong MsRdonly = 1;
    private readonly string? _mountPoint;

    private MergedView(string path, string? mountPoint)
    {
        Path = path;
        _mountPoint = mountPoint;
    }

    public string Path { get; }

    /// <param name="lowerDirs">Top layer first.</param>
    public static MergedView Open(IReadOnlyList<string> lowerDirs, string workDirectory)
    {
        if (lowerDirs.Count == 0)
        {
            var empty = System.IO.Path.Combine(workDirectory, "empty-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(empty);
            return new MergedView(empty, null) { _emptyDir = empty };
        }
        if (lowerDirs.Count == 1) return new MergedView(lowerDirs[0], null);
        var target = System.IO.Path.Combine(workDirectory, "view-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        if (MountCall("overlay", target, "overlay", MsRdonly, "lowerdir=" + string.Join(':', lowerDirs)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Directory.Delete(target);
            throw new IOException($"mount a read-only overlay on {target}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return new MergedView(target, target);
    }

    private string? _emptyDir;

    public void Dispose()
    {
        if (_mountPoint is not null)
        {
            Umount2Call(_mountPoint, MntDetach);
            try
            {
                Directory.Delete(_mountPoint);
            }
            catch (IOException)
            {
            }
        }
        if (_emptyDir is not null && Directory.Exists(_emptyDir)) Directory.Delete(_emptyDir, recursive: true);
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountCall(string source, string target, string type, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Call(string target, int flags);
}
