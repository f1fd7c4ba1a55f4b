using System.Diagnostics;
using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Lifecycle;

/// <summary><c>bock-oci run</c> in the foreground passes the signals it gets to the container and returns its status.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class SignalForwardingTests
{
    [Fact]
    public async Task Sigterm_to_run_reaches_the_container_and_its_exit_status_comes_back()
    {
        var outDir = Directory.CreateTempSubdirectory("bock-forward-");
        try
        {
            await using var bundle = new TestBundle(["sh", "-c", "trap 'echo term > /out/got; exit 23' TERM; echo ready > /out/ready; while true; do sleep 0.05; done"],
                s => s with { Mounts = [.. s.Mounts!, new MountSpec { Destination = "/out", Type = "bind", Source = outDir.FullName, Options = ["rbind", "rw"] }] });
            bundle.Write();
            var info = new ProcessStartInfo(OciBinary.Path) { UseShellExecute = false, RedirectStandardInput = true };
            foreach (var arg in new[] { "--root", bundle.StateRoot, "run", "--bundle", bundle.Directory, bundle.Id }) info.ArgumentList.Add(arg);
            using var run = Process.Start(info)!;
            for (var i = 0; i < 200 && !File.Exists(Path.Combine(outDir.FullName, "ready")); i++) await Task.Delay(25);
            Assert.True(File.Exists(Path.Combine(outDir.FullName, "ready")), "the container never became ready");

            Assert.Equal(0, Bock.Kernel.Native.Unistd.Kill(run.Id, 15));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await run.WaitForExitAsync(cts.Token);
            Assert.Equal(23, run.ExitCode);
            Assert.Equal("term", File.ReadAllText(Path.Combine(outDir.FullName, "got")).Trim());
            Assert.False(bundle.StateExists);
        }
        finally
        {
            outDir.Delete(true);
        }
    }
}
