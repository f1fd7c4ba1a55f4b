using Akka.Actor;
using Bock.Api.Dtos;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Tests.Stacks;

/// <summary>The stack actor writes the secret and config files before any replica is made and removes them on down or a failed up; rm removes stopped replicas and keeps or removes their anonymous volumes.</summary>
public sealed class StackSecretsTests : StackTestBase
{
    private const string App = """
        services:
          web:
            image: busybox
            secrets: [token]
            volumes: [/data]
        secrets:
          token: { environment: TOKEN }
        """;

    private StackRequest WithToken(StackRequest request) => request with { Environment = new Dictionary<string, string> { ["TOKEN"] = "t0ken" } };

    [Fact]
    public async Task The_files_are_written_before_the_replicas_and_removed_by_down()
    {
        var directory = Directory_();
        var request = WithToken(Request(App));
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(request), TimeSpan.FromSeconds(20)))).Error);
        var calls = Runtime.Calls.ToList();
        Assert.True(calls.IndexOf("files p 1") >= 0 && calls.IndexOf("files p 1") < calls.IndexOf("create p-web-1"), string.Join(" | ", calls));
        var file = Assert.Single(Runtime.StackFiles["p"]);
        Assert.Equal("t0ken", file.Content);
        Assert.Contains(Runtime.Named("p-web-1").Request.HostConfig!.Mounts!, m => m.Source == file.Path && m.Target == "/run/secrets/token" && m.ReadOnly);

        Assert.Null((await DoneAsync(directory.Ask<object>(new Down("p", new StackDownRequest(), NoProgress), TimeSpan.FromSeconds(20)))).Error);
        Assert.Contains("rmfiles p", Runtime.Calls);
        Assert.Empty(Runtime.StackFiles);
    }

    [Fact]
    public async Task A_failed_up_leaves_no_file_behind()
    {
        // Another project holds the replica's name: its creation fails after the files were written.
        Runtime.Add("other", "q", FakeStackRuntime.Container("other", "p-web-1", new Dictionary<string, string>
        {
            [StackLabels.Service] = "web", [StackLabels.ContainerNumber] = "1", [StackLabels.OneOff] = "False",
        }), new ContainerCreateRequest());
        var directory = Directory_();
        var done = await DoneAsync(directory.Ask<object>(UpMessage(WithToken(Request(App))), TimeSpan.FromSeconds(20)));
        Assert.Contains("already in use", done.Error);
        Assert.Contains("files p 1", Runtime.Calls);
        Assert.Contains("rmfiles p", Runtime.Calls);
        Assert.Empty(Runtime.StackFiles);
    }

    [Fact]
    public async Task An_unset_secret_variable_fails_up_before_anything_is_made()
    {
        var directory = Directory_();
        var done = await DoneAsync(directory.Ask<object>(UpMessage(Request(App)), TimeSpan.FromSeconds(20)));
        Assert.Contains("environment variable TOKEN is not set", done.Error);
        Assert.Empty(Runtime.Calls);
    }

    [Theory]
    [InlineData(false, "rm p-web-1")]
    [InlineData(true, "rm -v p-web-1")]
    public async Task Rm_removes_anonymous_volumes_only_when_asked(bool volumes, string call)
    {
        var directory = Directory_();
        var request = WithToken(Request(App));
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(request), TimeSpan.FromSeconds(20)))).Error);
        // A running replica is not removed (compose's rm removes stopped containers only).
        Assert.Null((await DoneAsync(directory.Ask<object>(new StackProtocol.Act("p", "rm", new StackActionRequest { Volumes = volumes }, NoProgress), TimeSpan.FromSeconds(20)))).Error);
        Assert.Single(Runtime.Containers);
        Assert.Null((await DoneAsync(directory.Ask<object>(new StackProtocol.Act("p", "stop", new StackActionRequest(), NoProgress), TimeSpan.FromSeconds(20)))).Error);
        Assert.Null((await DoneAsync(directory.Ask<object>(new StackProtocol.Act("p", "rm", new StackActionRequest { Volumes = volumes }, NoProgress), TimeSpan.FromSeconds(20)))).Error);
        Assert.Contains(call, Runtime.Calls);
        Assert.Empty(Runtime.Containers);
        await Task.Delay(300);
        Assert.Empty(Runtime.Containers); // not healed back: rm is not a crash
    }
}
