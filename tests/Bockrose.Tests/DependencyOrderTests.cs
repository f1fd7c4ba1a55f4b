using Bockrose.Compose;

namespace Bockrose.Tests;

public sealed class DependencyOrderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-order").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Dependencies_start_first_and_ties_go_by_name()
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), """
            services:
              web: {image: w, depends_on: [api, cache]}
              api: {image: a, depends_on: {db: {condition: service_healthy}}}
              db: {image: d}
              cache: {image: c}
              worker: {image: k, depends_on: [db]}
            """);
        var project = ComposeLoader.Load(new LoadOptions { WorkingDirectory = _dir }).Project;
        Assert.Equal(["cache", "db", "api", "web", "worker"], DependencyOrder.StartOrder(project));
        Assert.Equal(["worker", "web", "api", "db", "cache"], DependencyOrder.StopOrder(project));
    }

    [Fact]
    public void A_hand_made_cycle_is_rejected()
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), "services:\n  a: {image: x}\n  b: {image: y, depends_on: [a]}\n");
        var project = ComposeLoader.Load(new LoadOptions { WorkingDirectory = _dir }).Project;
        var a = project.Services["a"];
        var cyclic = project with
        {
            Services = project.Services.SetItem("a", a with { DependsOn = a.DependsOn.Add("b", new("service_started", true, false)) }),
        };
        Assert.Equal("dependency cycle among a, b", Assert.Throws<InvalidOperationException>(() => DependencyOrder.StartOrder(cyclic)).Message);
    }
}
