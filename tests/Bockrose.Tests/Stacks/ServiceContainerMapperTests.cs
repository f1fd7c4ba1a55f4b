using Bock.Api.Dtos;
using Bockrose.Compose;
using Bockrose.Stacks;

namespace Bockrose.Tests.Stacks;

/// <summary>What a compose service's restart settings become in the create body the daemon's supervisor follows.</summary>
public sealed class ServiceContainerMapperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-mapper").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RestartPolicyDto? Restart(string serviceYaml)
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), "services:\n  app:\n    image: busybox\n" + serviceYaml);
        var project = ComposeLoader.Load(new LoadOptions { WorkingDirectory = _dir }).Project;
        return ServiceContainerMapper.Map(project, project.Services["app"], "busybox").HostConfig!.RestartPolicy;
    }

    [Fact]
    public void On_failure_keeps_its_delay_max_attempts_and_window()
    {
        var policy = Restart("    deploy:\n      restart_policy: {condition: on-failure, delay: 1s, max_attempts: 2, window: 2m}\n");
        Assert.Equal(new RestartPolicyDto { Name = "on-failure", MaximumRetryCount = 2, Delay = 1_000_000_000, Window = 120_000_000_000 }, policy);
    }

    [Fact]
    public void Any_with_max_attempts_stays_any_a_bounded_always_not_on_failure()
    {
        Assert.Equal(new RestartPolicyDto { Name = "always", MaximumRetryCount = 3 },
            Restart("    deploy:\n      restart_policy: {condition: any, max_attempts: 3}\n"));
        // any is the default condition.
        Assert.Equal(new RestartPolicyDto { Name = "always", MaximumRetryCount = 0, Delay = 500_000_000 },
            Restart("    deploy:\n      restart_policy: {delay: 500ms}\n"));
    }

    [Fact]
    public void None_never_restarts_whatever_else_is_said()
    {
        Assert.Equal(new RestartPolicyDto { Name = "no" }, Restart("    deploy:\n      restart_policy: {condition: none, delay: 1s, max_attempts: 2}\n"));
    }

    [Fact]
    public void Restart_wins_over_deploy_and_stays_docker_s()
    {
        Assert.Equal(new RestartPolicyDto { Name = "on-failure", MaximumRetryCount = 4 },
            Restart("    restart: on-failure:4\n    deploy:\n      restart_policy: {condition: any, delay: 1s}\n"));
        Assert.Null(Restart(""));
    }
}
