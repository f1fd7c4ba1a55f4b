using Bockrose.Compose.Model;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// The short volume syntax <c>[SOURCE:]TARGET[:MODE]</c>. A source that is a path (starting with <c>/</c>,
/// <c>.</c> or <c>~</c>) is a bind mount, anything else names a volume; no source is an anonymous volume.
/// Modes: <c>ro</c>/<c>rw</c>, SELinux <c>z</c>/<c>Z</c>, bind propagation, and <c>nocopy</c> for volumes.
/// </summary>
internal static class VolumeSyntax
{
    private static readonly HashSet<string> Propagations = ["shared", "rshared", "slave", "rslave", "private", "rprivate"];

    public static (string? Source, string Target, string? Mode) Split(string spec)
    {
        var parts = spec.Split(':');
        return parts.Length switch
        {
            1 => (null, parts[0], null),
            2 => (parts[0], parts[1], null),
            3 => (parts[0], parts[1], parts[2]),
            _ => throw new FormatException($"invalid volume \"{spec}\": expected [SOURCE:]TARGET[:MODE]"),
        };
    }

    public static string Join(string? source, string target, string? mode) =>
        string.Join(':', new[] { source, target, mode }.Where(p => p is not null));

    public static bool IsPath(string source) => source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~');

    public static ServiceVolume Parse(string spec)
    {
        var (source, target, mode) = Split(spec);
        if (target.Length == 0 || !target.StartsWith('/'))
            throw new FormatException($"invalid volume \"{spec}\": the container path \"{target}\" must be absolute");
        var readOnly = false;
        string? selinux = null, propagation = null;
        bool? noCopy = null;
        foreach (var option in (mode ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (option)
            {
                case "ro": readOnly = true; break;
                case "rw": readOnly = false; break;
                case "z" or "Z": selinux = option; break;
                case "nocopy": noCopy = true; break;
                case var p when Propagations.Contains(p): propagation = p; break;
                default: throw new FormatException($"invalid volume \"{spec}\": unknown mode \"{option}\"");
            }
        }

        if (source is null)
            return new ServiceVolume("volume", null, target, readOnly, null, new VolumeOptions(noCopy, null), null);
        if (IsPath(source))
        {
            if (noCopy is not null) throw new FormatException($"invalid volume \"{spec}\": nocopy applies to volumes, not bind mounts");
            return new ServiceVolume("bind", source, target, readOnly, new BindOptions(propagation, true, selinux), null, null);
        }
        if (propagation is not null) throw new FormatException($"invalid volume \"{spec}\": propagation applies to bind mounts, not volumes");
        return new ServiceVolume("volume", source, target, readOnly, null, new VolumeOptions(noCopy, null), null);
    }
}
