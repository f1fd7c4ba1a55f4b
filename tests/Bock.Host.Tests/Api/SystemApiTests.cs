using System.Net;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

public sealed class SystemApiTests
{
    [Fact]
    public async Task Ping_answers_OK_with_the_api_version_headers()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        using var response = await daemon.Client.GetAsync("_ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync());
        Assert.Equal("1.43", Assert.Single(response.Headers.GetValues("Api-Version")));
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("Docker-Experimental")));
    }

    [Fact]
    public async Task A_version_prefix_is_accepted_and_a_too_new_one_refused()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        using var ok = await daemon.Client.GetAsync("v1.41/_ping");
        Assert.Equal("OK", await ok.Content.ReadAsStringAsync());
        using var tooNew = await daemon.Client.GetAsync("v9.99/_ping");
        Assert.Equal(HttpStatusCode.BadRequest, tooNew.StatusCode);
        Assert.Contains("too new", (await Daemon.JsonAsync(tooNew)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Version_and_info_describe_the_daemon()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        var version = await daemon.GetJsonAsync("v1.43/version");
        Assert.Equal("1.43", version.GetProperty("ApiVersion").GetString());
        Assert.Equal("linux", version.GetProperty("Os").GetString());
        Assert.Equal("Engine", version.GetProperty("Components")[0].GetProperty("Name").GetString());

        await daemon.CreateAsync();
        var info = await daemon.GetJsonAsync("info");
        Assert.Equal(1, info.GetProperty("Containers").GetInt32());
        Assert.Equal(1, info.GetProperty("ContainersStopped").GetInt32());
        Assert.Equal(daemon.Options.Root, info.GetProperty("DockerRootDir").GetString());
        Assert.Equal("linux", info.GetProperty("OSType").GetString());
    }

    [Fact]
    public async Task The_socket_is_read_write_for_root_and_its_group_only()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        var mode = File.GetUnixFileMode(daemon.Options.SocketPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
    }
}
