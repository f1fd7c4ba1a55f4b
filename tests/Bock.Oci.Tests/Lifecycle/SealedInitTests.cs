using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Lifecycle;

/// <summary>CVE-2019-5736: a container process must never be able to write the runtime binary through /proc/PID/exe.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class SealedInitTests
{
    [Fact]
    public async Task Init_runs_from_a_sealed_copy_where_container_processes_can_see_it()
    {
        // Without a pid namespace of its own, every container process could open init's /proc/PID/exe.
        await using var bundle = new TestBundle(["true"], s => s with
        {
            Linux = s.Linux! with { Namespaces = s.Linux.Namespaces!.Where(n => n.Type != "pid").ToList() },
        });
        bundle.Write();
        var pidFile = Path.Combine(bundle.Directory, "pid");
        var create = await bundle.OciAsync("create", "--bundle", bundle.Directory, "--pid-file", pidFile, bundle.Id);
        Assert.True(create.ExitCode == 0, create.ToString());
        var pid = int.Parse(File.ReadAllText(pidFile));

        var exe = new FileInfo($"/proc/{pid}/exe").LinkTarget;
        Assert.StartsWith("/memfd:bock-oci", exe);
        // The copy is sealed against writes, and the installed binary is not what init executes.
        var error = Record.Exception(() => File.OpenWrite($"/proc/{pid}/exe").Dispose());
        Assert.True(error is UnauthorizedAccessException or IOException, $"writing init's exe must fail, got {error?.GetType().Name ?? "success"}");
    }
}
