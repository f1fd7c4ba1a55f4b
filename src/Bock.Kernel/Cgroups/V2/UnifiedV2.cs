namespace Bock.Kernel.Cgroups.V2;

/// <summary>OCI <c>linux.resources.unified</c>: interface file → value, written verbatim after the typed settings
/// so that they override them (runc's order).</summary>
internal static class UnifiedV2
{
    public static void Apply(string dir, IReadOnlyDictionary<string, string> values)
    {
        // Validate all keys first so a bad key does not leave half of the map applied.
        foreach (var key in values.Keys)
            if (key.Length == 0 || key.Contains('/') || key.Contains("..") || key.Contains('\0'))
                throw new CgroupException($"unified: key \"{key}\" is not a cgroup interface file name");
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!CgroupFiles.Exists(dir, key))
            {
                var controller = key.Split('.')[0];
                throw new CgroupException($"unified: {key}: writing {value}: no such file (is the {controller} controller enabled for this cgroup? in {dir})", CgroupNative.ENOENT);
            }
            CgroupFiles.Write(dir, key, value);
        }
    }
}
