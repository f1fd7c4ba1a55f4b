using Akka.Actor;
using Bock.Api.Dtos;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Tests.Stacks;

/// <summary>up starts services in dependency order, each after its depends_on conditions hold; down stops in reverse.</summary>
public sealed class StackOrderTests : StackTestBase
{
    private const string App = """
        services:
          db:
            image: busybox
            healthcheck:
              test: ["CMD", "true"]
              interval: 1s
          migrate:
            image: busybox
            command: ["true"]
          web:
            image: busybox
            restart: always
            depends_on:
              db: { condition: service_healthy }
              migrate: { condition: service_completed_successfully }
            volumes: [data:/data]
        volumes:
          data: {}
        """;

    [Fact]
    public async Task Web_is_created_only_after_db_is_healthy_and_migrate_has_completed()
    {
        var directory = Directory_();
        var up = directory.Ask<object>(UpMessage(Request(App)), TimeSpan.FromSeconds(20));
        await EventuallyAsync(() => Runtime.Calls.Contains("start p-db-1") && Runtime.Calls.Contains("start p-migrate-1"), "db and migrate started");
        await Task.Delay(200);
        Assert.DoesNotContain("create p-web-1", Runtime.Calls);

        Runtime.SetHealth("p-db-1", "healthy");
        await Task.Delay(200);
        Assert.DoesNotContain("create p-web-1", Runtime.Calls); // migrate has not completed yet

        Runtime.Exit("p-migrate-1", 0);
        Assert.Null((await DoneAsync(up)).Error);
        var calls = Runtime.Calls.ToList();
        Assert.True(calls.IndexOf("network p_default") < calls.IndexOf("create p-db-1"));
        Assert.True(calls.IndexOf("volume p_data") < calls.IndexOf("create p-web-1"));
        Assert.True(calls.IndexOf("start p-web-1") > calls.IndexOf("start p-migrate-1"));

        var web = Runtime.Named("p-web-1").Request;
        Assert.Equal("p", web.Labels![StackLabels.Project]);
        Assert.Equal("web", web.Labels[StackLabels.Service]);
        Assert.Equal("1", web.Labels[StackLabels.ContainerNumber]);
        Assert.Equal("False", web.Labels[StackLabels.OneOff]);
        Assert.Equal(64, web.Labels[StackLabels.ConfigHash].Length);
        Assert.Equal("db:service_healthy:false,migrate:service_completed_successfully:false", web.Labels[StackLabels.DependsOn]);
        Assert.Equal(["web"], web.NetworkingConfig!.EndpointsConfig!["p_default"].Aliases!);
        Assert.Equal("p_default", web.HostConfig!.NetworkMode);
        Assert.Equal("p_data", web.HostConfig.Mounts!.Single().Source);
        Assert.Equal("always", web.HostConfig.RestartPolicy!.Name);
        Assert.Equal("completed", (await StatusAsync(directory, "migrate")).State);

        var down = await DoneAsync(directory.Ask<object>(new Down("p", new StackDownRequest { Volumes = true }, NoProgress), TimeSpan.FromSeconds(20)));
        Assert.Null(down.Error);
        calls = [.. Runtime.Calls];
        Assert.True(calls.IndexOf("rm -v p-web-1") is >= 0 and var web1 && web1 < calls.IndexOf("rm -v p-db-1"), "web (the dependant) goes first, down -v with its anonymous volumes");
        Assert.Contains("rmnetwork p_default", calls);
        Assert.Contains("rmvolume p_data", calls);
        Assert.Empty(Runtime.Containers);
    }

    [Fact]
    public async Task A_dependency_that_fails_to_complete_fails_up_and_the_dependant_is_never_created()
    {
        var directory = Directory_();
        var up = directory.Ask<object>(UpMessage(Request(App)), TimeSpan.FromSeconds(20));
        await EventuallyAsync(() => Runtime.Calls.Contains("start p-migrate-1"), "migrate started");
        Runtime.SetHealth("p-db-1", "healthy");
        Runtime.Exit("p-migrate-1", 3);
        var done = await DoneAsync(up);
        Assert.Contains("migrate", done.Error);
        Assert.Contains("exit 3", done.Error);
        Assert.DoesNotContain("create p-web-1", Runtime.Calls);
        Assert.StartsWith("failed", (await StatusAsync(directory, "migrate")).State);
    }

    [Fact]
    public async Task An_image_that_cannot_be_had_fails_up_before_anything_is_created()
    {
        Runtime.MissingImages.Add("busybox");
        var directory = Directory_();
        var done = await DoneAsync(directory.Ask<object>(UpMessage(Request(App)), TimeSpan.FromSeconds(20)));
        Assert.Contains("pull access denied", done.Error);
        Assert.Empty(Runtime.Calls);
    }
}
