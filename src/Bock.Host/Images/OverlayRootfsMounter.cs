using Bock.Images.Snapshots;

namespace Bock.Host.Images;

/// <summary>
/// The real mounter: bockd runs as root in the host's mount namespace, so the overlay is mounted right here (with
/// Bock.Images' <see cref="OverlayMounter"/>) and bock-oci finds it at the bundle's root path.
/// </summary>
public sealed class OverlayRootfsMounter : IRootfsMounter
{
    public void Mount(OverlayMountSpec spec, string target) => OverlayMounter.Mount(spec, target);

    public void Unmount(string target)
    {
        // A detached mount can still be listed for a moment; one pass per stacked mount, bounded.
        for (var i = 0; i < 8 && IsMounted(target); i++)
            OverlayMounter.Unmount(target);
    }

    public bool IsMounted(string target)
    {
        var full = Path.GetFullPath(target).TrimEnd('/');
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // Field 5 is the mount point, with space, tab, newline and backslash octal-escaped.
            var fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == full) return true;
        }
        return false;
    }

    private static string Unescape(string field) => field.Contains('\\')
        ? System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString())
        : field;
}
