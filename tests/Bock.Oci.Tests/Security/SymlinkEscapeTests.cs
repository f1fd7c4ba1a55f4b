using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Security;

/// <summary>
/// runc CVE-2021-30465 and friends: an image whose paths are symlinks to host locations must not get a mount or a
/// device node placed on the host. Destinations are resolved inside the rootfs (openat2 RESOLVE_IN_ROOT).
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class SymlinkEscapeTests
{
    [Fact]
    public async Task Mount_destinations_and_dev_that_are_symlinks_out_of_the_rootfs_stay_inside_it()
    {
        var work = Directory.CreateTempSubdirectory("bock-escape-").FullName;
        var hostTarget = Path.Combine(work, "host-target");
        var hostDev = Path.Combine(work, "host-dev");
        Directory.CreateDirectory(hostTarget);
        Directory.CreateDirectory(hostDev);
        File.WriteAllText(Path.Combine(hostTarget, "marker"), "host");
        var rootfs = Path.Combine(work, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "ls", "touch", "cat" })
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        // The hostile image: /data and /dev point at host directories by absolute path.
        File.CreateSymbolicLink(Path.Combine(rootfs, "data"), hostTarget);
        File.CreateSymbolicLink(Path.Combine(rootfs, "dev"), hostDev);
        try
        {
            await using var bundle = new TestBundle(["sh", "-c", "touch /data/written; ls /data; ls /dev | wc -l"], s => s with
            {
                Root = new RootSpec { Path = rootfs },
                Mounts = [.. s.Mounts!.Where(m => m.Destination == "/proc"), new MountSpec { Destination = "/data", Type = "tmpfs", Source = "tmpfs" }],
                Linux = s.Linux! with { MaskedPaths = [], ReadonlyPaths = [] },
            });
            var result = await bundle.RunAsync();
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("written", result.Stdout.Split('\n')[0].Trim());
            Assert.Equal(["marker"], Directory.GetFileSystemEntries(hostTarget).Select(Path.GetFileName));
            Assert.Empty(Directory.GetFileSystemEntries(hostDev));
            Assert.DoesNotContain(work, File.ReadAllText("/proc/self/mountinfo"));
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }
}
