using Bock.EndToEnd.Tests.Support;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Bock.EndToEnd.Tests;

/// <summary>bockd speaks the Docker Engine API well enough for Docker's own CLI and for Docker.DotNet.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class ThirdPartyClientTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private const string DockerCli = "/usr/local/bin/docker";
    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task The_docker_cli_runs_lists_and_reads_logs()
    {
        Assert.True(File.Exists(DockerCli), "the docker CLI is part of this machine's image");
        var run = await Daemon.WithDockerHostAsync(DockerCli, "run", "--rm", "busybox", "echo", "hi");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hi\n", run.Stdout);

        var name = Names.Unique("docker-cli");
        var detached = await Daemon.WithDockerHostAsync(DockerCli, "run", "-d", "--name", name, "busybox", "sh", "-c", "echo from-docker; sleep 1000");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        var ps = await Daemon.WithDockerHostAsync(DockerCli, "ps", "--format", "{{.Names}}");
        Assert.Contains(name, ps.Stdout);
        await Eventually.TrueAsync(async () => (await Daemon.WithDockerHostAsync(DockerCli, "logs", name)).Stdout == "from-docker\n");
        var images = await Daemon.WithDockerHostAsync(DockerCli, "images", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Contains("busybox:latest", images.Stdout);
        Assert.Equal(0, (await Daemon.WithDockerHostAsync(DockerCli, "rm", "-f", name)).ExitCode);
    }

    [Fact]
    public async Task Docker_dotnet_creates_starts_waits_and_reads_logs()
    {
        using var client = new DockerClientConfiguration(new Uri(Daemon.Host)).CreateClient();
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "busybox",
            Cmd = ["sh", "-c", "echo out; echo err >&2; exit 5"],
            Name = Names.Unique("dotnet"),
        });
        Assert.True(await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters()));
        var waited = await client.Containers.WaitContainerAsync(created.ID);
        Assert.Equal(5, waited.StatusCode);
        using var logs = await client.Containers.GetContainerLogsAsync(created.ID, tty: false,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, CancellationToken.None);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
        Assert.Equal(("out\n", "err\n"), (stdout, stderr));
        await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters());
    }
}
