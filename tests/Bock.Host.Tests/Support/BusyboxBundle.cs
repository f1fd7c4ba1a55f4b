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
        Directory = Path.Combine(Path.GetTempPath(), "bock-host-bundle-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        var spec = DefaultSpec.Create();
        spec = spec with
        {
            Root = new RootSpec { Path = BusyboxRootfs.Path, Readonly = true },
            Process = spec.Process! with { Terminal = false, Args = args },
        };
        File.WriteAllText(Path.Combine(Directory, "config.json"), SpecLoader.Serialize(spec));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
