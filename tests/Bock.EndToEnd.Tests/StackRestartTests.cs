using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>A stack outlives its daemon: bockd killed with SIGKILL and started again reloads it and keeps healing it.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class StackRestartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-e2e").FullName;

    [Fact]
    public async Task After_bockd_is_killed_and_restarted_the_stack_is_reconciled_and_healed()
    {
        await using var daemon = await BockDaemon.StartAsync();
        using var api = new StackApi(daemon);
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Bock.sln"))) root = Path.GetDirectoryName(root)!;
        File.Copy(Path.Combine(root, "examples", "stack", "compose.yaml"), Path.Combine(_dir, "compose.yaml"));
        var project = Names.Unique("rs");
        var up = await api.UpAsync(StackApi.Project(_dir, project), scale: new System.Text.Json.Nodes.JsonObject { ["web"] = 2 });
        Assert.True(up.Error is null, up.ToString());
        var web1 = (await daemon.BockAsync("inspect", "-f", "{{.Id}}", $"{project}-web-1")).Stdout.Trim();
        var migrated = (await daemon.BockAsync("inspect", "-f", "{{.State.StartedAt}}", $"{project}-migrate-1")).Stdout.Trim();

        await daemon.KillHardAsync();
        await daemon.RestartAsync();

        // Reloaded from bock.db: the same stack, its running replicas adopted (not recreated).
        await Eventually.TrueAsync(async () => (await api.GetAsync($"/bock/stacks/{project}")).Status == 200, TimeSpan.FromSeconds(30), "stack reloaded");
        await Eventually.TrueAsync(async () => (await api.ServiceAsync(project, "web"))["Running"]!.GetValue<int>() == 2, TimeSpan.FromSeconds(30), "two web replicas");
        Assert.Equal(web1, (await daemon.BockAsync("inspect", "-f", "{{.Id}}", $"{project}-web-1")).Stdout.Trim());
        // The finished migration is not run again by the reconcile.
        Assert.Equal(migrated, (await daemon.BockAsync("inspect", "-f", "{{.State.StartedAt}}", $"{project}-migrate-1")).Stdout.Trim());
        Assert.Equal("completed", (await api.ServiceAsync(project, "migrate"))["State"]!.GetValue<string>());
        // And managed again: a replica removed behind its back comes back.
        Assert.Equal(0, (await daemon.BockAsync("rm", "-f", $"{project}-web-2")).ExitCode);
        await Eventually.TrueAsync(async () => (await daemon.BockAsync("inspect", "-f", "{{.State.Running}}", $"{project}-web-2")).Stdout.Trim() == "true",
            TimeSpan.FromSeconds(20), "web-2 recreated");
        Assert.Null((await api.DownAsync(project)).Error);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
