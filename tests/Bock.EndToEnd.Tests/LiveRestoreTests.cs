using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

[Trait(Category.Name, Category.Privileged)]
public sealed class LiveRestoreTests
{
    [Fact]
    public async Task Kill_9_of_bockd_leaves_five_containers_running_and_their_logs_continuous()
    {
        await using var daemon = await BockDaemon.StartAsync();
        var names = Enumerable.Range(1, 5).Select(i => Names.Unique($"live{i}")).ToList();
        foreach (var name in names)
        {
            var run = await daemon.BockAsync("run", "-d", "--name", name, BockDaemon.Image, "sh", "-c", "i=0; while true; do echo $i; i=$((i+1)); sleep 0.1; done");
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        var pidsBefore = await PidsAsync(daemon, names);
        var shimsBefore = await ShimsAsync(daemon, names);
        Assert.Single(shimsBefore.Distinct()); // one shim process serves them all
        await Task.Delay(500);

        await daemon.KillHardAsync();
        await Task.Delay(1000); // containers keep writing while no daemon is there
        await daemon.RestartAsync();

        var ps = await daemon.BockAsync("ps", "--format", "{{.Names}} {{.State}}");
        foreach (var name in names) Assert.Contains($"{name} running", ps.Stdout);
        Assert.Equal(pidsBefore, await PidsAsync(daemon, names)); // the same processes, adopted, not restarted
        Assert.Equal(shimsBefore, await ShimsAsync(daemon, names)); // served by the same shim all along
        await Task.Delay(500);
        foreach (var name in names)
        {
            var numbers = (await daemon.BockAsync("logs", name)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            Assert.True(numbers.Count > 15, $"{name}: only {numbers.Count} lines");
            Assert.Equal(Enumerable.Range(0, numbers.Count), numbers); // no line lost while bockd was down
        }
    }

    private static async Task<List<int>> ShimsAsync(BockDaemon daemon, IEnumerable<string> names)
    {
        var shims = new List<int>();
        foreach (var name in names)
            shims.Add(Assert.Single(ShimProcesses.Of((await daemon.BockAsync("inspect", "-f", "{{.Id}}", name)).Stdout.Trim())));
        return shims;
    }

    private static async Task<List<string>> PidsAsync(BockDaemon daemon, IEnumerable<string> names)
    {
        var pids = new List<string>();
        foreach (var name in names) pids.Add((await daemon.BockAsync("inspect", "-f", "{{.State.Pid}}", name)).Stdout.Trim());
        return pids;
    }
}
