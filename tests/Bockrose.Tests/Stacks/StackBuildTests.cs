using Akka.Actor;
using Bock.Api.Dtos;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Tests.Stacks;

/// <summary>up builds a build: service's image when it is missing or when asked (--build), before any container; a failed build fails up.</summary>
public sealed class StackBuildTests : StackTestBase
{
    private const string App = """
        services:
          app:
            build: .
          tagged:
            image: example/tagged:1
            build:
              context: .
          plain:
            image: busybox
        """;

    private Up UpWith(StackRequest request, bool build) =>
        new(StackLoading.Define(request, new Dictionary<string, int>()), new StackUpRequest { Project = request, Build = build },
            p => { lock (Progress) Progress.Add(p); });

    [Fact]
    public async Task Missing_images_are_built_once_and_up_build_rebuilds_and_recreates()
    {
        var directory = Directory_();
        var request = Request(App);
        Assert.Null((await DoneAsync(directory.Ask<object>(UpWith(request, build: false), TimeSpan.FromSeconds(20)))).Error);
        var calls = Runtime.Calls.ToList();
        Assert.Equal([$"build p-app {Dir}", $"build example/tagged:1 {Dir}"], calls.Where(c => c.StartsWith("build ", StringComparison.Ordinal)));
        Assert.True(calls.IndexOf($"build p-app {Dir}") < calls.IndexOf("network p_default"), "built before anything is created");
        Assert.Equal("p-app", Runtime.Named("p-app-1").Request.Image);
        Assert.Equal("example/tagged:1", Runtime.Named("p-tagged-1").Request.Image);
        lock (Progress) Assert.Contains(Progress, p => p is { Resource: "image", Name: "p-app", Status: "Built" });
        lock (Progress) Assert.Contains(Progress, p => p is { Resource: "image", Name: "p-app", Status: "Building", Message: "[1/1] FROM busybox" });

        // Present now: a second up builds nothing and keeps the containers.
        Assert.Null((await DoneAsync(directory.Ask<object>(UpWith(request, build: false), TimeSpan.FromSeconds(20)))).Error);
        Assert.Equal(2, Runtime.Calls.Count(c => c.StartsWith("build ", StringComparison.Ordinal)));
        var appId = Runtime.Named("p-app-1").Container.Id;
        var plainId = Runtime.Named("p-plain-1").Container.Id;

        // --build: both rebuilt, their replicas recreated; the image-only service is left alone.
        Assert.Null((await DoneAsync(directory.Ask<object>(UpWith(request, build: true), TimeSpan.FromSeconds(20)))).Error);
        Assert.Equal(4, Runtime.Calls.Count(c => c.StartsWith("build ", StringComparison.Ordinal)));
        Assert.NotEqual(appId, Runtime.Named("p-app-1").Container.Id);
        Assert.Equal(plainId, Runtime.Named("p-plain-1").Container.Id);
    }

    [Fact]
    public async Task A_failed_build_fails_up_with_the_builders_message_and_creates_nothing()
    {
        var directory = Directory_();
        Runtime.FailingBuilds[Dir] = "Dockerfile:2:1: unknown instruction FORM";
        var done = await DoneAsync(directory.Ask<object>(UpWith(Request(App), build: false), TimeSpan.FromSeconds(20)));
        Assert.Contains("Dockerfile:2:1: unknown instruction FORM", done.Error);
        Assert.Empty(Runtime.Containers);
        Assert.DoesNotContain("network p_default", Runtime.Calls);
        lock (Progress) Assert.Contains(Progress, p => p is { Resource: "image", Name: "p-app", Status: "Error" });
    }
}
