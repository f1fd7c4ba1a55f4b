using System.Text.Json;
using Bock.Api;
using Bock.Cli.CommandLine;
using Bock.Cli.Stacks.Commands;

namespace Bock.Cli.Tests.Stacks;

/// <summary>The bodies sent to /bock/stacks, serialized and compared with the JSON the daemon's contract names.</summary>
public sealed class RequestShapeTests
{
    private static string Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    [Fact]
    public void Up_sends_the_project_the_services_and_every_flag()
    {
        var (_, request, _, flags) = StackArgs.Parse("/w", "-p", "p", "up", "-d", "--build", "--force-recreate", "--no-deps", "--scale", "web=3", "--scale", "worker=0",
            "--wait", "--pull", "always", "--remove-orphans", "web", "worker");
        var up = UpRequestParser.ToRequest(flags, request);
        Assert.Equal(
            """{"Project":{"WorkingDir":"/w","Files":[],"ProjectName":"p","EnvFiles":[],"Profiles":[],"Environment":{}},"Services":["web","worker"],"Build":true,"ForceRecreate":true,"NoDeps":true,"Scale":{"web":3,"worker":0},"Wait":true,"Pull":"always","RemoveOrphans":true}""",
            Json(up, BockApiJsonContext.Default.StackUpRequest));
    }

    [Fact]
    public void Up_defaults_to_pulling_missing_images_only_and_refuses_bad_values()
    {
        var (_, request, _, flags) = StackArgs.Parse("/w", "up");
        var up = UpRequestParser.ToRequest(flags, request);
        Assert.Equal("missing", up.Pull);
        Assert.Empty(up.Scale);
        Assert.False(up.Wait);
        Assert.Throws<UsageException>(() => UpRequestParser.ToRequest(StackArgs.Parse("/w", "up", "--pull", "sometimes").Flags, request));
        Assert.Throws<UsageException>(() => UpRequestParser.ToRequest(StackArgs.Parse("/w", "up", "--scale", "web").Flags, request));
        Assert.Throws<UsageException>(() => UpRequestParser.ToRequest(StackArgs.Parse("/w", "up", "--scale", "web=-1").Flags, request));
    }

    [Fact]
    public void Down_sends_volumes_orphans_and_the_timeout()
    {
        var flags = StackArgs.Parse("/w", "down", "-v", "--remove-orphans", "-t", "3").Flags;
        Assert.Equal("""{"Volumes":true,"RemoveOrphans":true,"Timeout":3}""", Json(DownStackCommand.ToRequest(flags), BockApiJsonContext.Default.StackDownRequest));
        Assert.Equal("""{"Volumes":false,"RemoveOrphans":false}""", Json(DownStackCommand.ToRequest(StackArgs.Parse("/w", "down").Flags), BockApiJsonContext.Default.StackDownRequest));
    }

    [Theory]
    [InlineData(new[] { "stop", "-t", "5", "web" }, """{"Services":["web"],"Timeout":5}""")]
    [InlineData(new[] { "restart" }, """{"Services":[]}""")]
    [InlineData(new[] { "kill", "-s", "SIGTERM", "worker" }, """{"Services":["worker"],"Signal":"SIGTERM"}""")]
    [InlineData(new[] { "start", "db", "web" }, """{"Services":["db","web"]}""")]
    [InlineData(new[] { "pause" }, """{"Services":[]}""")]
    public void Actions_send_their_services_and_only_their_own_flags(string[] args, string expected)
    {
        var (_, _, command, flags) = StackArgs.Parse("/w", args);
        Assert.Equal(expected, Json(((ActionStackCommand)command).ToRequest(flags), BockApiJsonContext.Default.StackActionRequest));
    }

    [Theory]
    [InlineData(new[] { "rm", "-f", "-v", "web" }, """{"Services":["web"],"Force":true,"Volumes":true}""")]
    [InlineData(new[] { "rm", "-f" }, """{"Services":[],"Force":true}""")]
    public void Rm_sends_volumes_only_when_asked(string[] args, string expected) =>
        Assert.Equal(expected, Json(RmStackCommand.ToRequest(StackArgs.Parse("/w", args).Flags), BockApiJsonContext.Default.StackActionRequest));

    [Fact]
    public void Kill_has_no_timeout_and_start_no_signal()
    {
        Assert.Throws<UsageException>(() => StackArgs.Parse("/w", "kill", "-t", "3"));
        Assert.Throws<UsageException>(() => StackArgs.Parse("/w", "start", "-s", "HUP"));
    }

    [Fact]
    public void Run_sends_the_service_its_command_and_overrides()
    {
        var (_, request, _, flags) = StackArgs.Parse("/w", "-p", "p", "run", "--rm", "-e", "A=1", "--entrypoint", "/bin/sh -c", "--no-deps", "-u", "1000", "-w", "/tmp",
            "--name", "once", "-T", "web", "echo", "-n", "hi");
        Assert.Equal(
            """{"Project":{"WorkingDir":"/w","Files":[],"ProjectName":"p","EnvFiles":[],"Profiles":[],"Environment":{}},"Service":"web","Command":["echo","-n","hi"],"Entrypoint":["/bin/sh","-c"],"Rm":true,"Environment":["A=1"],"NoDeps":true,"Name":"once","User":"1000","Workdir":"/tmp","Tty":false,"Interactive":true}""",
            Json(RunStackCommand.ToRequest(flags, request, stdinIsTerminal: true), BockApiJsonContext.Default.StackRunRequest));
    }

    [Fact]
    public void Run_without_a_command_keeps_the_services_own()
    {
        var (_, request, _, flags) = StackArgs.Parse("/w", "run", "web");
        var run = RunStackCommand.ToRequest(flags, request, stdinIsTerminal: true);
        Assert.True(run.Tty);
        Assert.False(RunStackCommand.ToRequest(flags, request, stdinIsTerminal: false).Tty);
        Assert.False(RunStackCommand.ToRequest(StackArgs.Parse("/w", "run", "-d", "web").Flags, request, stdinIsTerminal: true).Interactive);
        Assert.Null(run.Command);
        Assert.Null(run.Entrypoint);
        Assert.Null(run.Environment);
        Assert.Throws<UsageException>(() => RunStackCommand.ToRequest(StackArgs.Parse("/w", "run").Flags, request, false));
    }

    [Fact]
    public void Scale_sends_a_map_of_replicas()
    {
        var scale = UpRequestParser.Scale(StackArgs.Parse("/w", "scale", "web=3", "worker=1").Flags.Arguments(1), "");
        Assert.Equal("""{"web":3,"worker":1}""", Json<IReadOnlyDictionary<string, int>>(scale, BockApiJsonContext.Default.IReadOnlyDictionaryStringInt32));
        Assert.Throws<UsageException>(() => UpRequestParser.Scale(["web"], ""));
    }

    [Theory]
    [InlineData(new[] { "config" }, "bock/stacks/config?format=yaml")]
    [InlineData(new[] { "config", "--format", "json" }, "bock/stacks/config?format=json")]
    [InlineData(new[] { "config", "--services" }, "bock/stacks/config?format=yaml&services=1")]
    [InlineData(new[] { "config", "-q" }, "bock/stacks/config?format=yaml&quiet=1")]
    public void Config_asks_for_the_format_and_the_parts_wanted(string[] args, string expected) =>
        Assert.Equal(expected, ConfigStackCommand.Query(StackArgs.Parse("/w", args).Flags));

    [Fact]
    public void Config_refuses_formats_it_does_not_know() =>
        Assert.Throws<UsageException>(() => ConfigStackCommand.Query(StackArgs.Parse("/w", "config", "--format", "toml").Flags));
}
