using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>inspect's Mounts, as docker shows them, for what a real container mounts.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class ContainerMountsTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Inspect_lists_an_anonymous_volume_a_named_one_and_a_bind_with_their_real_sources()
    {
        var volume = Names.Unique("named");
        var name = Names.Unique("mounts");
        var host = Directory.CreateTempSubdirectory("bock-e2e-mounts-").FullName;
        try
        {
            var run = await Daemon.BockAsync("run", "-d", "--name", name, "-v", "/data", "-v", $"{volume}:/named", "-v", $"{host}:/host:ro",
                BockDaemon.Image, "sh", "-c", "echo anon > /data/f && echo named > /named/f && exec sleep 300");
            Assert.True(run.ExitCode == 0, run.ToString());
            var inspect = await Daemon.BockAsync("inspect", "-f", "{{range .Mounts}}{{.Type}}|{{.Name}}|{{.Source}}|{{.Destination}}|{{.RW}}\n{{end}}", name);
            Assert.True(inspect.ExitCode == 0, inspect.ToString());
            var mounts = inspect.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToDictionary(m => m[3]);
            Assert.Equal(3, mounts.Count);

            var anonymous = mounts["/data"];
            Assert.Equal("volume", anonymous[0]);
            Assert.Matches("^[0-9a-f]{64}$", anonymous[1]);
            Assert.Equal((Path.Combine(Daemon.Root, "volumes", anonymous[1], "_data"), "true"), (anonymous[2], anonymous[4]));
            Assert.Equal(["volume", volume, Path.Combine(Daemon.Root, "volumes", volume, "_data"), "/named", "true"], mounts["/named"]);
            Assert.Equal(["bind", "<no value>", host, "/host", "false"], mounts["/host"]);
            // The sources are where the container's writes land.
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(mounts["/named"][2], "f"))), TimeSpan.FromSeconds(10), "the container's writes");
            Assert.Equal("anon\n", await File.ReadAllTextAsync(Path.Combine(anonymous[2], "f")));
            Assert.Equal("named\n", await File.ReadAllTextAsync(Path.Combine(mounts["/named"][2], "f")));

            Assert.Equal(0, (await Daemon.BockAsync("rm", "-f", "-v", name)).ExitCode);
            var left = (await Daemon.BockAsync("volume", "ls", "-q")).Stdout;
            Assert.DoesNotContain(anonymous[1], left); // rm -v takes the anonymous volume, not the named one
            Assert.Contains(volume, left);
        }
        finally
        {
            await Daemon.BockAsync("rm", "-f", "-v", name);
            await Daemon.BockAsync("volume", "rm", volume);
            Directory.Delete(host, recursive: true);
        }
    }
}
