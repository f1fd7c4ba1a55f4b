using System.Globalization;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

/// <summary>
/// The host's device nodes, which <c>--privileged</c> gives a container as Docker does. Read from sysfs
/// (<c>/sys/dev/{char,block}/MAJOR:MINOR/uevent</c> names each device's node under /dev), so no stat of /dev is
/// needed for the numbers; a node that is not in /dev is left out. Like Docker, the console and the pseudo-terminals
/// are not the host's: the container has its own devpts. Nodes get the host's permission bits and root as owner.
/// </summary>
public static class HostDevices
{
    public static IReadOnlyList<DeviceSpec> List(string sysDev = "/sys/dev", string dev = "/dev")
    {
        var devices = new List<DeviceSpec>();
        foreach (var (kind, type) in new[] { ("char", "c"), ("block", "b") })
        {
            var directory = Path.Combine(sysDev, kind);
            if (!Directory.Exists(directory)) continue;
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
            {
                var uevent = Path.Combine(entry, "uevent");
                if (!File.Exists(uevent)) continue;
                var fields = File.ReadAllLines(uevent).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
                if (!fields.TryGetValue("DEVNAME", out var name) || !fields.TryGetValue("MAJOR", out var major) || !fields.TryGetValue("MINOR", out var minor))
                    continue;
                if (name is "console" or "ptmx" || name.StartsWith("pts/", StringComparison.Ordinal)) continue;
                var node = Path.Combine(dev, name);
                if (!File.Exists(node)) continue;
                devices.Add(new DeviceSpec
                {
                    Type = type,
                    Path = "/dev/" + name,
                    Major = long.Parse(major, CultureInfo.InvariantCulture),
                    Minor = long.Parse(minor, CultureInfo.InvariantCulture),
                    FileMode = (uint)File.GetUnixFileMode(node),
                    Uid = 0,
                    Gid = 0,
                });
            }
        }
        return devices;
    }
}
