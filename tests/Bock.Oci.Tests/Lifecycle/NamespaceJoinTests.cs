using System.Text.Json;
using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Lifecycle;

/// <summary>Joining existing namespaces by path, as a pod's second container does.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class NamespaceJoinTests
{
    [Fact]
    public async Task A_container_joins_another_containers_network_and_uts_namespaces_by_path()
    {
        await using var first = new TestBundle(["sleep", "1000"], s => s with { Hostname = "pod-host" });
        first.Write();
        var pidFile = Path.Combine(first.Directory, "pid");
        Assert.Equal(0, (await first.OciAsync("run", "--detach", "--pid-file", pidFile, "--bundle", first.Directory, first.Id)).ExitCode);
        var pid = int.Parse(File.ReadAllText(pidFile));

        await using var second = new TestBundle(["sh", "-c", "hostname; readlink /proc/self/ns/net; readlink /proc/self/ns/uts"], s => s with
        {
            Hostname = null,
            Linux = s.Linux! with
            {
                Namespaces = s.Linux.Namespaces!.Select(n => n.Type is "network" or "uts" ? n with { Path = $"/proc/{pid}/ns/{(n.Type == "network" ? "net" : "uts")}" } : n).ToList(),
            },
        });
        var result = await second.RunAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("pod-host", lines[0]);
        Assert.Equal(new FileInfo($"/proc/{pid}/ns/net").LinkTarget, lines[1]);
        Assert.Equal(new FileInfo($"/proc/{pid}/ns/uts").LinkTarget, lines[2]);
        Assert.NotEqual(new FileInfo("/proc/self/ns/net").LinkTarget, lines[1]);
    }
}
