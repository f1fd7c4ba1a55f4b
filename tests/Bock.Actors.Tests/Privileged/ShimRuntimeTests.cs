using Bock.Actors.Kernel;
using Bock.Actors.Tests.Support;
using Bock.Kernel.Spec;

namespace Bock.Actors.Tests.Privileged;

/// <summary><see cref="ShimContainerRuntime"/> on its own over the real bock-oci: waits, exit files, OOM kills.</summary>
[Trait("Category", "Privileged")]
public sealed class ShimRuntimeTests
{
    [Fact]
    public async Task An_oom_kill_is_reported_by_wait_and_in_the_exit_file_read_after_the_shim_is_gone()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        var id = "oom-" + Guid.NewGuid().ToString("N")[..8];
        const long limit = 16 * 1024 * 1024;
        using var bundle = new BusyboxBundle(id,
            spec => spec with { Linux = spec.Linux! with { Resources = new ResourcesSpec { Memory = new MemorySpec { Limit = limit, Swap = limit } } } },
            "/bin/sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived");
        var runtime = new ShimContainerRuntime(new ShimRuntimeOptions(OciBinary.Path, bundle.StateRoot, bundle.ShimsDirectory));
        runtime.Create(id, bundle.Directory);
        try
        {
            var wait = runtime.WaitForExitAsync(id, CancellationToken.None);
            runtime.Start(id);
            var exit = await wait.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exit.OomKilled, $"not reported as OOM-killed: {exit}");
            Assert.Equal(137, exit.ExitCode);
            Assert.Empty(await ShimProcesses.RemainingAfterAsync(id, TimeSpan.FromSeconds(5)));

            // The shim is gone: a waiter that comes late (a new daemon) reads the exit file.
            var late = await runtime.WaitForExitAsync(id, CancellationToken.None);
            Assert.Equal(exit, late);
            Assert.Equal(RuntimeStatus.Stopped, runtime.State(id).Status);
        }
        finally
        {
            runtime.Delete(id, force: true);
        }
        Assert.False(Directory.Exists(Path.Combine(bundle.ShimsDirectory, id)), "the shim's directory was left behind");
        Assert.Empty(bundle.LeftoverCgroups());
    }

    [Fact]
    public async Task Kill_and_state_go_through_the_shim_and_a_gone_container_is_reported_as_such()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        var id = "kill-" + Guid.NewGuid().ToString("N")[..8];
        using var bundle = new BusyboxBundle(id, "/bin/sh", "-c", "sleep 60");
        var runtime = new ShimContainerRuntime(new ShimRuntimeOptions(OciBinary.Path, bundle.StateRoot, bundle.ShimsDirectory));
        Assert.Equal(RuntimeStatus.Absent, runtime.State(id).Status);
        runtime.Create(id, bundle.Directory);
        try
        {
            Assert.Equal(RuntimeStatus.Created, runtime.State(id).Status);
            runtime.Start(id);
            var running = runtime.State(id);
            Assert.Equal(RuntimeStatus.Running, running.Status);
            Assert.True(running.Pid > 0);
            runtime.Kill(id, 9); // init (sh as PID 1) ignores SIGTERM: it has no handler

            var exit = await runtime.WaitForExitAsync(id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(new ContainerExit(137), exit);
            await ShimProcesses.RemainingAfterAsync(id, TimeSpan.FromSeconds(5));
            Assert.Throws<ContainerRuntimeException>(() => runtime.Kill(id, 9));
        }
        finally
        {
            runtime.Delete(id, force: true);
        }
        Assert.Equal(RuntimeStatus.Absent, runtime.State(id).Status);
        Assert.Empty(bundle.LeftoverCgroups());
    }
}
