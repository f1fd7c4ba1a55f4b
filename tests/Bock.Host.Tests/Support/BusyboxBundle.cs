using Bock.Kernel.Spec;

namespace Bock.Host.Tests.Support;

/// <summary>
/// A throwaway OCI bundle over a rootfs made from Debian's static busybox, to name as a create request's Image.
/// Dispose removes it.
/// </summary>
public sealed class BusyboxBundle : IDisposable
{
    public string Directory { get; }

    public BusyboxBundle(params string[] args) : this(new Dictionary<string, string>(), args)
    {
    }

    /// <param name="annotations">Into config.json, e.g. <c>io.bock.open-stdin=true</c> for a container that reads attached stdin.</param>
    public BusyboxBundle(IReadOnlyDictionary<string, string> annotations, params string[] args)
    {
        Directory = Path.Combine(Path.GetTempPath(), "bock-host-bundle-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        var spec = DefaultSpec.Create();
        spec = spec with
        {
            Root = new RootSpec { Path = BusyboxRootfs.Path, Readonly = true },
            Process = spec.Process! with { Terminal = false, Args = args },
            Annotations = annotations,
        };
        File.WriteAllText(Path.Combine(Directory, "config.json"), SpecLoader.Serialize(spec));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
