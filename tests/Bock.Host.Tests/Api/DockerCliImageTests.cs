using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

/// <summary>A real third-party client, the docker command line, on bockd's socket: images and volumes.</summary>
public sealed class DockerCliImageTests
{
    [Fact]
    public async Task Docker_import_images_tag_save_load_rmi_and_volumes_work_against_bockd()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        var config = Path.Combine(daemon.Directory, "docker-config");
        Directory.CreateDirectory(config);
        async Task<string> Docker(params string[] args)
        {
            var result = await Shell.RunAsync("env", [$"DOCKER_HOST=unix://{daemon.Options.SocketPath}", $"DOCKER_CONFIG={config}", "docker", .. args]);
            Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)}: {result}");
            return result.Stdout;
        }
        var tar = Path.Combine(daemon.Directory, "rootfs.tar");
        Assert.Equal(0, (await Shell.RunAsync("tar", ["-C", BusyboxRootfs.Path, "-cf", tar, "."])).ExitCode);

        var id = (await Docker("import", "-c", "CMD [\"sh\"]", tar, "clibox:1")).Trim();
        Assert.StartsWith("sha256:", id);
        Assert.Equal($"clibox:1 {id}", (await Docker("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")).Trim());
        Assert.Equal("[sh]", (await Docker("image", "inspect", "clibox:1", "--format", "{{.Config.Cmd}}")).Trim());
        await Docker("tag", "clibox:1", "clibox:2");
        Assert.Contains("bock import", await Docker("history", "clibox:2"));

        var archive = Path.Combine(daemon.Directory, "saved.tar");
        await Docker("save", "-o", archive, "clibox:1");
        Assert.Contains("Untagged: clibox:1", await Docker("rmi", "clibox:1", "clibox:2"));
        Assert.Equal("", (await Docker("images", "-q")).Trim());
        Assert.Contains("Loaded image: clibox:1", await Docker("load", "-i", archive));

        var container = (await Docker("create", "-v", "clivol:/data", "clibox:1", "true")).Trim();
        Assert.Contains("clivol", await Docker("volume", "ls", "-q"));
        var refused = await Shell.RunAsync("env", [$"DOCKER_HOST=unix://{daemon.Options.SocketPath}", $"DOCKER_CONFIG={config}", "docker", "rmi", "clibox:1"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("must force", refused.Stderr);
        Assert.DoesNotContain("\"message\"", refused.Stderr);
        await Docker("rm", "-v", container);
        await Docker("volume", "rm", "clivol");
        Assert.Contains("Deleted", await Docker("rmi", "clibox:1"));
    }
}
