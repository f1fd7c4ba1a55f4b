using Bock.Host.Containers;

namespace Bock.Host.Tests.Containers;

public sealed class HostDevicesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bock-hostdevices-").FullName;

    [Fact]
    public void Devices_come_from_sysfs_with_the_nodes_mode_and_skip_the_console_ptys_and_missing_nodes()
    {
        Device("char", "1:3", "null", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        Device("char", "10:200", "net/tun", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Device("block", "7:0", "loop0", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Device("char", "5:1", "console", UnixFileMode.UserRead);
        Device("char", "5:2", "ptmx", UnixFileMode.UserRead);
        Device("char", "136:0", "pts/0", UnixFileMode.UserRead);
        Device("char", "4:1", "tty1", null); // in sysfs, but no node in /dev

        var devices = HostDevices.List(Path.Combine(_root, "sys"), Path.Combine(_root, "dev"));

        Assert.Equal(["c /dev/net/tun 10:200 600", "c /dev/null 1:3 606", "b /dev/loop0 7:0 640"],
            devices.Select(d => $"{d.Type} {d.Path} {d.Major}:{d.Minor} {Convert.ToString(d.FileMode!.Value, 8)}"));
        Assert.All(devices, d => Assert.Equal((0u, 0u), (d.Uid!.Value, d.Gid!.Value)));
    }

    [Fact]
    public void No_sysfs_is_no_devices() => Assert.Empty(HostDevices.List(Path.Combine(_root, "nothing"), Path.Combine(_root, "dev")));

    private void Device(string kind, string numbers, string name, UnixFileMode? mode)
    {
        var entry = Directory.CreateDirectory(Path.Combine(_root, "sys", kind, numbers)).FullName;
        var parts = numbers.Split(':');
        File.WriteAllText(Path.Combine(entry, "uevent"), $"MAJOR={parts[0]}\nMINOR={parts[1]}\nDEVNAME={name}\n");
        if (mode is not { } m) return;
        var node = Path.Combine(_root, "dev", name);
        Directory.CreateDirectory(Path.GetDirectoryName(node)!);
        File.WriteAllText(node, ""); // a regular file stands in for the node: only its mode is read
        File.SetUnixFileMode(node, m);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
