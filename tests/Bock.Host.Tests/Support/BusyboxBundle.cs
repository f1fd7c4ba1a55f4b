using Bock.Kernel.Spec;

namespace Bock.Host.Tests.Support;

/// <summary>
/// A throwaway OCI bundle over a rootfs made from Debian's static busybox, to name as a create request's Image.
/// Dispose removes it.
/// </summary>
public sealed class BusyboxBundle : IDisposable
{
    public string Directory { get; }

    public BusyboxBundle(params string[] args)
    {
        if (!File.Exists("/bin/busybox"))
            throw new InvalidOperationException("/bin/busybox is missing: apt-get install busybox-static (scripts/install.sh does)");
        Directory = Path.Combine(Path.GetTempPath(), "bock-host-bundle-" + Guid.NewGuid().ToString("N")[..12]);
        var rootfs = Path.Combine(Directory, "rootfs");
        foreach (var dir in new[] { "bin", "proc", "sys", "dev", "tmp", "etc", "root" })
            System.IO.Directory.CreateDirectory(Path.Combine(rootfs, dir));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "echo", "sleep", "true", "false" })
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        var spec = DefaultSpec.Create();
        spec = spec with
        {
            Root = new RootSpec { Path = "rootfs", Readonly = true },
            Process = spec.Process! with { Terminal = false, Args = args },
        };
        File.WriteAllText(Path.Combine(Directory, "config.json"), SpecLoader.Serialize(spec));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
