using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Privileged;

/// <summary>
/// A daemon that goes away without stopping its containers (as after kill -9) and a new one on the same roots: the
/// containers' shims kept them running, and the new daemon finds them in bock.db and re-attaches.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class LiveRestoreTests
{
    [Fact]
    public async Task A_new_daemon_adopts_running_containers_with_continuous_logs_and_applies_policies_to_those_that_died_meanwhile()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        using var ticker = new BusyboxBundle("/bin/sh", "-c", "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done");
        using var failing = new BusyboxBundle("/bin/sh", "-c", "echo ran; sleep 1; exit 3");
        using var quitter = new BusyboxBundle("/bin/sh", "-c", "sleep 1; exit 4");
        var first = await Daemon.StartRealAsync();
        string tickerId, failingId, quitterId;
        try
        {
            tickerId = await first.CreateFromAsync(ticker, "ticker");
            failingId = await CreateWithPolicyAsync(first, failing, "failing", "on-failure", 1);
            quitterId = await first.CreateFromAsync(quitter, "quitter");
            foreach (var id in (string[])[tickerId, failingId, quitterId])
                await first.PostOkAsync($"containers/{id}/start");
            await first.InspectUntilAsync(tickerId, i => i.GetProperty("State").GetProperty("Status").GetString() == "running");
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }
        var pid = (await first.GetJsonAsync($"containers/{tickerId}/json")).GetProperty("State").GetProperty("Pid").GetInt32();
        await first.AbandonAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // "failing" and "quitter" exit while no daemon runs

        await using var second = await Daemon.StartRealAsync(first.Directory);
        var running = await second.InspectUntilAsync(tickerId, i => i.GetProperty("State").GetProperty("Status").GetString() == "running");
        Assert.Equal(pid, running.GetProperty("State").GetProperty("Pid").GetInt32());
        Assert.Equal("/ticker", running.GetProperty("Name").GetString());

        var quitterState = await second.InspectUntilAsync(quitterId, i => i.GetProperty("State").GetProperty("Status").GetString() == "exited");
        Assert.Equal(4, quitterState.GetProperty("State").GetProperty("ExitCode").GetInt32());

        // on-failure:1 after a missed exit 3: restarted once by the new daemon, then it stays exited.
        await second.InspectUntilAsync(failingId,
            i => i.GetProperty("State").GetProperty("Status").GetString() == "exited" && i.GetProperty("RestartCount").GetInt32() == 1,
            TimeSpan.FromSeconds(15));
        Assert.Equal([(1, "ran\n"), (1, "ran\n")], await LogsAndAttachTests.LogsAsync(second, failingId, "stdout=1"));

        // The ticker's log has no gap across the daemons, and it still grows.
        var before = await LogsAndAttachTests.LogsAsync(second, tickerId, "stdout=1");
        await Task.Delay(500);
        var after = await LogsAndAttachTests.LogsAsync(second, tickerId, "stdout=1");
        Assert.True(after.Count > before.Count, $"the log stopped growing at {before.Count} lines");
        Assert.Equal(Enumerable.Range(0, after.Count).Select(n => (1, $"tick {n}\n")), after);

        // And the adopted container is fully under control: stop, then remove without a trace.
        using (var stop = await second.Client.PostAsync($"containers/{tickerId}/stop?t=1", null))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, stop.StatusCode);
        foreach (var id in (string[])[tickerId, failingId, quitterId])
            await LogsAndAttachTests.RemoveAndCheckAsync(second, id);
    }

    private static async Task<string> CreateWithPolicyAsync(Daemon daemon, BusyboxBundle bundle, string name, string policy, int retries)
    {
        using var response = await daemon.PostJsonAsync($"containers/create?name={name}",
            $$"""{"Image": {{System.Text.Json.JsonSerializer.Serialize(bundle.Directory)}}, "HostConfig": {"RestartPolicy": {"Name": "{{policy}}", "MaximumRetryCount": {{retries}} """ + "}}}");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Daemon.JsonAsync(response)).GetProperty("Id").GetString()!;
    }
}
