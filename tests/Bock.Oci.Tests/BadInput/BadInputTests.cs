using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.BadInput;

/// <summary>Bad bundles and arguments: one clear line, a non-zero exit, and nothing left behind.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class BadInputTests
{
    private static async Task<CommandResult> CreateWithConfigAsync(TestBundle bundle, string configJson)
    {
        File.WriteAllText(Path.Combine(bundle.Directory, "config.json"), configJson);
        return await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
    }

    private static void AssertNothingLeft(TestBundle bundle, CommandResult result)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.False(bundle.StateExists, $"state directory left behind\n{result}");
        Assert.Empty(bundle.LeftoverCgroups());
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Invalid_json_names_the_position()
    {
        await using var bundle = new TestBundle(["true"]);
        var result = await CreateWithConfigAsync(bundle, "{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": [\"true\"],}");
        AssertNothingLeft(bundle, result);
        Assert.Contains("config.json: $", result.Stderr);
        Assert.Contains("line 1", result.Stderr);
    }

    [Fact]
    public async Task Wrong_type_names_the_json_path()
    {
        await using var bundle = new TestBundle(["true"]);
        bundle.Write();
        var json = File.ReadAllText(Path.Combine(bundle.Directory, "config.json")).Replace("\"terminal\": false", "\"terminal\": \"no\"");
        var result = await CreateWithConfigAsync(bundle, json);
        AssertNothingLeft(bundle, result);
        Assert.Contains("$.process.terminal", result.Stderr);
    }

    [Fact]
    public async Task Unknown_namespace_type_names_the_entry()
    {
        await using var bundle = new TestBundle(["true"], s => s with { Linux = s.Linux! with { Namespaces = [.. s.Linux.Namespaces!, new NamespaceSpec { Type = "bogus" }] } });
        bundle.Write();
        var result = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        AssertNothingLeft(bundle, result);
        Assert.Contains("$.linux.namespaces[6].type", result.Stderr);
        Assert.Contains("bogus", result.Stderr);
    }

    [Fact]
    public async Task Missing_rootfs_is_named()
    {
        await using var bundle = new TestBundle(["true"], s => s with { Root = new RootSpec { Path = "/nonexistent/rootfs" } });
        bundle.Write();
        var result = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        AssertNothingLeft(bundle, result);
        Assert.Contains("/nonexistent/rootfs", result.Stderr);
    }

    [Fact]
    public async Task Duplicate_id_is_refused_and_the_first_container_survives()
    {
        await using var bundle = new TestBundle(["sleep", "100"]);
        bundle.Write();
        var create = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        Assert.True(create.ExitCode == 0, create.ToString());
        var second = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("already exists", second.Stderr);
        Assert.Contains("\"created\"", (await bundle.OciAsync("state", bundle.Id)).Stdout);
    }

    [Fact]
    public async Task Bad_signal_name_is_one_clear_line()
    {
        await using var bundle = new TestBundle(["sleep", "100"]);
        bundle.Write();
        var create = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        Assert.True(create.ExitCode == 0, create.ToString());
        var result = await bundle.OciAsync("kill", bundle.Id, "SIGBOGUS");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("unknown signal \"SIGBOGUS\"", result.Stderr.Trim());
    }

    [Fact]
    public async Task Failure_after_the_cgroup_exists_undoes_everything()
    {
        // The bind source is missing: init fails inside the new namespaces, after the cgroup and state were made.
        await using var bundle = new TestBundle(["true"], s => s with
        {
            Mounts = [.. s.Mounts!, new MountSpec { Destination = "/data", Type = "bind", Source = "/nonexistent/source", Options = ["rbind"] }],
        });
        bundle.Write();
        var result = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        AssertNothingLeft(bundle, result);
        Assert.Contains("/nonexistent/source", result.Stderr);
    }

    [Fact]
    public async Task Missing_executable_fails_create_cleanly()
    {
        await using var bundle = new TestBundle(["/no/such/program"]);
        bundle.Write();
        var result = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        AssertNothingLeft(bundle, result);
        Assert.Contains("/no/such/program", result.Stderr);
    }

    [Fact]
    public async Task Unknown_container_is_one_clear_line()
    {
        await using var bundle = new TestBundle(["true"]);
        var result = await bundle.OciAsync("state", "no-such-container");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("container \"no-such-container\" does not exist", result.Stderr.Trim());
    }

    [Fact]
    public async Task Systemd_cgroup_flag_says_not_supported()
    {
        var result = await Shell.RunAsync(OciBinary.Path, ["--systemd-cgroup", "list"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not supported", result.Stderr);
    }

    [Fact]
    public async Task A_terminal_without_a_console_socket_on_create_is_refused_before_anything_is_made()
    {
        await using var bundle = new TestBundle(["sh"], s => s with { Process = s.Process! with { Terminal = true } });
        bundle.Write();
        var result = await bundle.OciAsync("create", "--bundle", bundle.Directory, bundle.Id);
        AssertNothingLeft(bundle, result);
        Assert.Equal("cannot allocate a tty for a detached container without --console-socket", result.Stderr.Trim());
    }
}
