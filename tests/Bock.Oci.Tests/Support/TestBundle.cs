using Bock.Kernel.Spec;

namespace Bock.Oci.Tests.Support;

/// <summary>
/// One test's bundle and state root: config.json over the shared busybox rootfs, a unique container id, and
/// cleanup that force-deletes whatever the test left, then checks nothing of it remains.
/// </summary>
public sealed class TestBundle : IAsyncDisposable
{
    public string Directory { get; }
    public string StateRoot { get; }
    public string Id { get; }
    public RuntimeSpec Spec { get; set; }

    /// <param name="stateRoot">Another bundle's state root, for containers that must share one (and so one shim).</param>
    public TestBundle(string[] args, Func<RuntimeSpec, RuntimeSpec>? customize = null, string? stateRoot = null)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bock-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        StateRoot = stateRoot ?? System.IO.Path.Combine(Directory, "state");
        Id = "t" + Guid.NewGuid().ToString("N")[..10];
        var spec = DefaultSpec.Create();
        spec = spec with
        {
            Root = new RootSpec { Path = BusyboxRootfs.Path, Readonly = true },
            Process = spec.Process! with { Terminal = false, Args = args },
            Linux = spec.Linux! with { CgroupsPath = $"/bock-test/{Id}" },
        };
        Spec = customize?.Invoke(spec) ?? spec;
    }

    public string CgroupsPath => Spec.Linux?.CgroupsPath ?? $"/bock/{Id}";

    public void Write() => File.WriteAllText(System.IO.Path.Combine(Directory, "config.json"), SpecLoader.Serialize(Spec));

    public Task<CommandResult> OciAsync(params string[] args) =>
        Shell.RunAsync(OciBinary.Path, ["--root", StateRoot, .. args]);

    /// <summary>Writes config.json and runs the container in the foreground to its end.</summary>
    public Task<CommandResult> RunAsync()
    {
        Write();
        return OciAsync("run", "--bundle", Directory, Id);
    }

    /// <summary>Directories of this container's cgroup that exist in any hierarchy.</summary>
    public IReadOnlyList<string> LeftoverCgroups() =>
        System.IO.Directory.GetDirectories("/sys/fs/cgroup")
            .Select(h => System.IO.Path.Combine(h, CgroupsPath.TrimStart('/')))
            .Where(System.IO.Directory.Exists).ToList();

    public bool StateExists => System.IO.Directory.Exists(System.IO.Path.Combine(StateRoot, Id));

    public async ValueTask DisposeAsync()
    {
        if (StateExists)
            await OciAsync("delete", "--force", Id);
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
        foreach (var dir in LeftoverCgroups()) try { System.IO.Directory.Delete(dir); } catch (IOException) { }
        foreach (var hierarchy in System.IO.Directory.GetDirectories("/sys/fs/cgroup"))
        {
            var parent = System.IO.Path.Combine(hierarchy, "bock-test");
            try { if (System.IO.Directory.Exists(parent) && !System.IO.Directory.EnumerateDirectories(parent).Any()) System.IO.Directory.Delete(parent); }
            catch (IOException) { } // another test's container is still in there
        }
    }
}
