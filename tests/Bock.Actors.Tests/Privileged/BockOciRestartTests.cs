using Bock.Actors.Containers;
using Bock.Actors.Kernel;
using Bock.Actors.Tests.Support;
using Xunit.Abstractions;
using static Bock.Actors.Containers.ContainerProtocol;

namespace Bock.Actors.Tests.Privileged;

/// <summary>The actors over the real bock-oci: root and a real kernel (CI runs this as root).</summary>
[Trait("Category", "Privileged")]
public sealed class BockOciRestartTests(ITestOutputHelper output) : ActorTest(output)
{
    [Fact]
    public async Task A_busybox_container_that_exits_1_under_on_failure_2_runs_exactly_three_times()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        var id = "restart-" + Guid.NewGuid().ToString("N")[..8];
        using var bundle = new BusyboxBundle(id, "/bin/sh", "-c", "echo ran; exit 1");
        var runtime = new ShimContainerRuntime(new ShimRuntimeOptions(OciBinary.Path, bundle.StateRoot, bundle.ShimsDirectory));
        var kernel = KernelPool.Create(Sys, runtime, size: 2, name: "real-kernel");
        var containers = Sys.ActorOf(ContainerSupervisor.Props(kernel, FastSettings), "containers");
        var events = EventProbe();

        await AskAsync<ContainerCreated>(containers, new CreateContainer(new ContainerSpec(id, bundle.Directory, RestartPolicy.Parse("on-failure:2"))), TimeSpan.FromSeconds(30));
        await AskAsync<ContainerStarted>(containers, new StartContainer(id), TimeSpan.FromSeconds(30));

        foreach (var action in (string[])["create", "start", "die", "restart", "start", "die", "restart", "start", "die"])
        {
            var received = await events.ExpectMsgAsync<ContainerEvent>(TimeSpan.FromSeconds(30));
            Assert.Equal(action, received.Action);
            if (action == "die") Assert.Equal(1, received.ExitCode);
        }
        await events.ExpectNoMsgAsync(TimeSpan.FromSeconds(2));

        // Each run's shim appends to the same json-file log.
        var log = (await File.ReadAllLinesAsync(ShimPaths.LogFile(bundle.Directory, id)))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("log").GetString());
        Assert.Equal(["ran\n", "ran\n", "ran\n"], log);
        var state = await SettledStateAsync(containers, id, ContainerStatus.Exited);
        Assert.Equal(1, state.ExitCode);

        await AskAsync<ContainerRemoved>(containers, new RemoveContainer(id), TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists(Path.Combine(bundle.StateRoot, id)), "bock-oci state left behind");
        Assert.Empty(bundle.LeftoverCgroups());
        Assert.Empty(await ShimProcesses.RemainingAfterAsync(id, TimeSpan.FromSeconds(5)));
        Assert.False(Directory.Exists(Path.Combine(bundle.ShimsDirectory, id)), "the shim's directory was left behind");
    }
}
