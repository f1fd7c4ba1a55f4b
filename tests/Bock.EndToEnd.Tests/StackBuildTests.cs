using System.Text.Json.Nodes;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// bockrose up builds a <c>build: .</c> service with bockd's own builder from the project directory: up builds it when
/// its image is missing, up --build rebuilds it after an edit and recreates the container, a broken Dockerfile fails
/// up with the builder's file:line:column before any container exists.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class StackBuildTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-build-e2e").FullName;
    private readonly string _project = Names.Unique("sb");

    private const string Compose = """
        services:
          app:
            build: .
            command: ["sh", "-c", "cat /built && exec sleep 1000"]
        """;

    private JsonObject Project(string dockerfile)
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), Compose);
        File.WriteAllText(Path.Combine(_dir, "Dockerfile"), dockerfile);
        return StackApi.Project(_dir, _project);
    }

    private static JsonObject UpRequest(JsonObject project, bool build) =>
        new() { ["Project"] = project, ["Wait"] = true, ["Build"] = build, ["Scale"] = new JsonObject() };

    [Fact]
    public async Task Up_builds_the_missing_image_and_up_build_rebuilds_and_recreates_after_an_edit()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var image = $"{_project}-app";
        var container = $"{_project}-app-1";

        var up = await api.PostAsync("/bock/stacks/up", UpRequest(Project("FROM busybox:latest\nRUN echo built-one > /built\n"), build: false));
        Assert.True(up.Status == 200 && up.Error is null, up.ToString());
        var steps = up.Steps.ToList();
        Assert.True(steps.IndexOf(("image", image, "Building")) >= 0 && steps.IndexOf(("image", image, "Built")) > steps.IndexOf(("image", image, "Building")), up.Body);
        Assert.True(steps.IndexOf(("image", image, "Built")) < steps.IndexOf(("container", container, "Creating")), "built before the container is created");
        Assert.Contains("RUN echo built-one", up.Body); // each step is a Building line's message
        Assert.Equal(image, (await daemon.BockAsync("inspect", "-f", "{{.Config.Image}}", container)).Stdout.Trim());
        Assert.Equal("built-one", (await daemon.BockAsync("exec", container, "cat", "/built")).Stdout.Trim());
        var firstId = (await daemon.BockAsync("inspect", "-f", "{{.Id}}", container)).Stdout.Trim();

        // Present now: a plain up builds nothing and keeps the container.
        var again = await api.PostAsync("/bock/stacks/up", UpRequest(Project("FROM busybox:latest\nRUN echo built-two > /built\n"), build: false));
        Assert.True(again.Status == 200 && again.Error is null, again.ToString());
        Assert.DoesNotContain(("image", image, "Building"), again.Steps);
        Assert.Equal(firstId, (await daemon.BockAsync("inspect", "-f", "{{.Id}}", container)).Stdout.Trim());

        // up --build: the edited Dockerfile is built and the container recreated from it.
        var rebuilt = await api.PostAsync("/bock/stacks/up", UpRequest(Project("FROM busybox:latest\nRUN echo built-two > /built\n"), build: true));
        Assert.True(rebuilt.Status == 200 && rebuilt.Error is null, rebuilt.ToString());
        Assert.Contains(("image", image, "Built"), rebuilt.Steps);
        Assert.NotEqual(firstId, (await daemon.BockAsync("inspect", "-f", "{{.Id}}", container)).Stdout.Trim());
        Assert.Equal("built-two", (await daemon.BockAsync("exec", container, "cat", "/built")).Stdout.Trim());
    }

    [Fact]
    public async Task A_broken_dockerfile_fails_up_with_its_location_and_creates_no_container()
    {
        var daemon = fixture.Daemon;
        using var api = new StackApi(daemon);
        var up = await api.PostAsync("/bock/stacks/up", UpRequest(Project("FROM busybox:latest\nFORM nothing\n"), build: false));
        Assert.NotNull(up.Error);
        Assert.Contains("Dockerfile:2:", up.Error);
        Assert.Contains(("image", $"{_project}-app", "Error"), up.Steps);
        var left = await daemon.BockAsync("ps", "-a", "--filter", $"label=com.docker.compose.project={_project}", "-q");
        Assert.Equal("", left.Stdout.Trim());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using var api = new StackApi(fixture.Daemon);
        await api.DownAsync(_project);
        await fixture.Daemon.BockAsync("rmi", "-f", $"{_project}-app");
        Directory.Delete(_dir, recursive: true);
    }
}
