using Bock.Kernel.Cgroups;
using Bock.Kernel.Rootfs;
using Bock.Kernel.Spec;

namespace Bock.Oci.Runtime;

/// <summary>Opens a container's cgroup on whatever cgroup layout this host has, and adapts it for the rootfs.</summary>
public static class ContainerCgroups
{
    private static CgroupLayout? _layout;

    public static CgroupLayout Layout => _layout ??= CgroupLayout.Detect();

    public static ICgroup Open(string? cgroupsPath, string id) => Layout.Open(cgroupsPath, id);

    /// <summary>The spec's device rules with the defaults runc always adds, so /dev/null and friends stay usable.</summary>
    /// <summary>Without rules the container is denied every device but these, as with Docker.</summary>
    public static ResourcesSpec WithDefaultDevices(ResourcesSpec? resources, IReadOnlyList<DeviceSpec>? devices)
    {
        resources ??= new ResourcesSpec();
        var rules = new List<DeviceCgroupRuleSpec>(resources.Devices ?? [new DeviceCgroupRuleSpec { Allow = false, Access = "rwm" }]);
        rules.AddRange(DeviceNodes.DefaultAllowRules);
        foreach (var device in devices ?? [])
            rules.Add(new DeviceCgroupRuleSpec { Allow = true, Type = device.Type == "p" ? "c" : device.Type, Major = device.Major, Minor = device.Minor, Access = "rwm" });
        return resources with { Devices = rules };
    }
}
