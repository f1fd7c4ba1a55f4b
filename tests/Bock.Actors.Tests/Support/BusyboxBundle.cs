using System.Diagnostics;
using Bock.Kernel.Spec;

namespace Bock.Actors.Tests.Support;

/// <summary>
/// A throwaway OCI bundle over a rootfs made from Debian's static busybox, with its own bock-oci state root, shims
/// directory and cgroup path. Dispose removes all of it, and the container if a test left it behind.
/// </summary>
public sealed class BusyboxBundle : IDisposable
{
    private const string CgroupParent = "bock-actors-test";

    public string Directory { get; }
    public string StateRoot => Path.Combine(Directory, "state");
    public string ShimsDirectory => Path.Combine(Directory, "shims");
    public string CgroupsPath { get; }

    public BusyboxBundle(string id, params string[] args) : this(id, spec => spec, args)
    {
    }

    /// <param name="adjust">Changes to the spec beyond the command (limits, a terminal...).</param>
    public BusyboxBundle(string id, Func<RuntimeSpec, RuntimeSpec> adjust, params string[] args)
    {
        Directory = Path.Combine(Path.GetTempPath(), "bock-actors-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        CgroupsPath = $"/{CgroupParent}/{id}";
        var spec = DefaultSpec.Create();
        spec = spec with
        {
            Root = new RootSpec { Path = BusyboxRootfs.Path, Readonly = true },
            Process = spec.Process! with { Terminal = false, Args = args },
            Linux = spec.Linux! with { CgroupsPath = CgroupsPath },
        };
        File.WriteAllText(Path.Combine(Directory, "config.json"), SpecLoader.Serialize(adjust(spec)));
    }

    public IReadOnlyList<string> LeftoverCgroups() =>
        [.. System.IO.Directory.GetDirectories("/sys/fs/cgroup").Select(h => Path.Combine(h, CgroupsPath.TrimStart('/'))).Where(System.IO.Directory.Exists)];

    public void Dispose()
    {
        foreach (var id in System.IO.Directory.Exists(StateRoot) ? System.IO.Directory.GetDirectories(StateRoot) : [])
            Process.Start(OciBinary.Path, ["--root", StateRoot, "delete", "--force", Path.GetFileName(id)])?.WaitForExit();
        foreach (var dir in LeftoverCgroups())
            try { System.IO.Directory.Delete(dir); } catch (IOException) { }
        foreach (var hierarchy in System.IO.Directory.GetDirectories("/sys/fs/cgroup"))
        {
            var parent = Path.Combine(hierarchy, CgroupParent);
            try { if (System.IO.Directory.Exists(parent) && !System.IO.Directory.EnumerateDirectories(parent).Any()) System.IO.Directory.Delete(parent); }
            catch (IOException) { } // another test's container is still in there
        }
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
