using System.Net;
using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Privileged;

/// <summary>bockd over the real bock-oci: root and a real kernel (CI runs this as root).</summary>
[Trait("Category", "Privileged")]
public sealed class BockOciApiTests
{
    [Fact]
    public async Task A_busybox_container_that_exits_7_is_waited_for_with_status_7_and_removed_without_a_trace()
    {
        Assert.True(Environment.UserName == "root", "privileged test: run as root");
        using var bundle = new BusyboxBundle("/bin/sh", "-c", "echo hello; exit 7");
        await using var daemon = await Daemon.StartRealAsync();
        var runtimeRoot = Path.Combine(daemon.Options.RunRoot, "oci");
        var containers = DaemonHost.ContainersDirectory(daemon.Options);

        using var create = await daemon.PostJsonAsync("v1.43/containers/create?name=seven", $$"""{"Image": {{JsonSerializer.Serialize(bundle.Directory)}}}""");
        Assert.True(create.StatusCode == HttpStatusCode.Created, await create.Content.ReadAsStringAsync());
        var id = (await Daemon.JsonAsync(create)).GetProperty("Id").GetString()!;
        try
        {
            using (var start = await daemon.Client.PostAsync("v1.43/containers/seven/start", null))
                Assert.Equal(HttpStatusCode.NoContent, start.StatusCode);
            using (var wait = await daemon.Client.PostAsync("v1.43/containers/seven/wait", null))
                Assert.Equal(7, (await Daemon.JsonAsync(wait)).GetProperty("StatusCode").GetInt32());

            var inspect = await daemon.InspectUntilAsync(id, i => i.GetProperty("State").GetProperty("Status").GetString() == "exited");
            Assert.Equal(7, inspect.GetProperty("State").GetProperty("ExitCode").GetInt32());
            var logLine = (await File.ReadAllLinesAsync(inspect.GetProperty("LogPath").GetString()!)).Single();
            Assert.Equal("hello\n", JsonDocument.Parse(logLine).RootElement.GetProperty("log").GetString());
        }
        finally
        {
            using var delete = await daemon.Client.DeleteAsync($"v1.43/containers/{id}?force=1");
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        Assert.False(Directory.Exists(Path.Combine(runtimeRoot, id)), "bock-oci state left behind");
        Assert.False(Directory.Exists(Path.Combine(containers, id)), "the bundle was left behind");
        Assert.False(Directory.Exists(Path.Combine(DaemonHost.ShimsDirectory(daemon.Options), id)), "the shim's directory was left behind");
        Assert.Empty(await ShimProcesses.RemainingAfterAsync(id, TimeSpan.FromSeconds(5)));
        Assert.DoesNotContain(Directory.GetDirectories("/sys/fs/cgroup"), h => Directory.Exists(Path.Combine(h, "bock", id)));
    }
}
